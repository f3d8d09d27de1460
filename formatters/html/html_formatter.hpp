#pragma once
/// A single self-contained HTML page: totals, the module table, and a bar per row showing its share
/// of the model's MACs or FLOPs. Inline CSS only, so the file can be mailed or attached as is.

#include <ostream>
#include <string>
#include <vector>

#include "graphstat/formatter.hpp"

namespace graphstat::formatters {

class HtmlFormatter : public Formatter {
 public:
  /// {".html", ".htm"}.
  std::vector<std::string> extensions() const override;

  /// Writes the page. Every name from the model is HTML-escaped.
  void render(const Report& report, std::ostream& out) const override;

  /// --compare: every model's figures side by side, with the deltas from the first.
  void render_comparison(const Comparison& comparison, std::ostream& out) const override;
};

}  // namespace graphstat::formatters
