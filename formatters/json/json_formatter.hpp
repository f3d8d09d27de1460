#pragma once
/// The whole report as one JSON document (schema in docs/json-output.md), for scripts and tools.

#include <ostream>
#include <string>
#include <vector>

#include "graphstat/formatter.hpp"

namespace graphstat::formatters {

class JsonFormatter : public Formatter {
 public:
  /// Bump when a field changes meaning or disappears; adding fields does not bump it.
  static constexpr int kSchemaVersion = 1;

  /// {".json"}.
  std::vector<std::string> extensions() const override;

  /// Pretty-printed with a two-space indent and a trailing newline. Counts are exact JSON integers.
  void render(const Report& report, std::ostream& out) const override;

  /// --compare: every model's figures side by side, with the deltas from the first.
  void render_comparison(const Comparison& comparison, std::ostream& out) const override;
};

}  // namespace graphstat::formatters
