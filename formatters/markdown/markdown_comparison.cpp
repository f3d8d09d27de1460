#include "markdown_comparison.hpp"

#include <vector>

#include "common/comparison_cells.hpp"
#include "graphstat/printable.hpp"
#include "markdown_table.hpp"

namespace graphstat::formatters {

void write_markdown_comparison(const Comparison& comparison, std::ostream& out) {
  for (std::size_t m = 0; m < comparison.reports.size(); ++m) {
    out << printable(compared_model_text(comparison, m)) << '\n';
  }
  out << '\n';
  const auto columns = compared_columns(comparison);
  std::vector<MarkdownRow> rows{{"Module"}};
  for (const auto& column : columns) rows.front().push_back(escape_cell(column.heading));
  walk_compared(comparison.root, [&](const ComparedRow& row, const ComparedRow*) {
    // The seed's indentation: depth d >= 1 by d - 1 spaces.
    rows.push_back({std::string(row.depth > 1 ? static_cast<std::size_t>(row.depth - 1) : 0, ' ') +
                    escape_cell(row.name)});
    for (const auto& column : columns) rows.back().push_back(escape_cell(column.cell(row)));
  });
  write_markdown_table(rows, out);
  out << '\n';
  for (std::size_t m = 0; m < comparison.reports.size(); ++m) {
    out << model_letter(m) << ": ";
    const auto lines = summary_lines(comparison.reports[m]);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      out << (k ? "; " : "") << lines[k].label << " " << lines[k].value;
    }
    out << '\n';
  }
  out << "Deltas are from A. A blank cell: the model has no such row (not a zero).\n";
}

}  // namespace graphstat::formatters
