#pragma once
/// The seed's fvcore-style table: one row per module, op and parameter, then the model's totals.

#include <ostream>
#include <string>
#include <vector>

#include "graphstat/formatter.hpp"

namespace graphstat::formatters {

class MarkdownFormatter : public Formatter {
 public:
  /// {".md", ".markdown"}.
  std::vector<std::string> extensions() const override;

  /// A Markdown table whose columns are padded to their widest cell, so it reads in a terminal as
  /// well as rendered; then a blank line, the totals and the unsupported operators.
  void render(const Report& report, std::ostream& out) const override;

  /// --compare: the same table with every model's columns and the deltas from the first.
  void render_comparison(const Comparison& comparison, std::ostream& out) const override;
};

}  // namespace graphstat::formatters
