#include "markdown_formatter.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

#include "common/report_walk.hpp"
#include "graphstat/graph.hpp"
#include "graphstat/printable.hpp"

namespace graphstat::formatters {
namespace {

using Row = std::array<std::string, 4>;

/// The seed indents depth d >= 1 by d - 1 spaces: the root and the top-level modules line up.
std::string indent(int depth) {
  return std::string(depth > 1 ? static_cast<std::size_t>(depth - 1) : 0, ' ');
}

/// A `|` in a name would split its cell, a newline its row.
std::string escape_cell(std::string_view text) {
  std::string out;
  for (char c : printable(text)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

/// Width as a terminal shows it: UTF-8 continuation bytes take no column of their own.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

std::vector<Row> table_rows(const Report& report) {
  std::vector<Row> rows;
  rows.push_back({"Module", "#Parameters", std::string(metric_label(report.metric)), "Memory"});
  walk_rows(
      report.root,
      [&](const ModuleStats& row, const ModuleStats*) {
        rows.push_back({indent(row.depth) + escape_cell(row.name), count_cell(row.params),
                        count_cell(row, row.metric_value(report.metric)),
                        bytes_cell(row, row.memory_bytes())});
      },
      [&](const ParamRow& param, const ModuleStats& owner) {
        // A parameter sits one level below the module that reads it.
        rows.push_back({indent(owner.depth + 1) + escape_cell(param.name),
                        format_shape_tuple(param.shape), "", ""});
      });
  return rows;
}

void write_row(std::ostream& out, const Row& row, const std::array<std::size_t, 4>& widths) {
  out << '|';
  for (std::size_t col = 0; col < row.size(); ++col) {
    out << ' ' << row[col] << std::string(widths[col] - display_width(row[col]), ' ') << " |";
  }
  out << '\n';
}

void write_footer(const Report& report, std::ostream& out) {
  out << '\n';
  for (const SummaryLine& line : summary_lines(report)) {
    out << line.label << ": " << line.value << '\n';
  }
  if (!report.bindings.empty()) out << "Dims: " << bindings_text(report) << '\n';
  for (const std::string& note : report.notes) out << "Note: " << note << '\n';
  if (report.unsupported_ops.empty()) {
    out << "Unsupported operators: none\n";
  } else {
    out << kUnsupportedHeading << ":\n";
    for (const auto& [op, count] : report.unsupported_ops) {
      out << "- " << op << ": " << count << '\n';
    }
  }
  if (!report.unresolved.empty()) {
    out << kUnresolvedHeading << ": " << report.unresolved.size() << "\n";
    for (const UnresolvedOp& op : report.unresolved) out << "- " << unresolved_text(op) << '\n';
  }
}

}  // namespace

std::vector<std::string> MarkdownFormatter::extensions() const { return {".md", ".markdown"}; }

void MarkdownFormatter::render(const Report& report, std::ostream& out) const {
  const std::vector<Row> rows = table_rows(report);
  std::array<std::size_t, 4> widths{};
  for (const Row& row : rows) {
    for (std::size_t col = 0; col < row.size(); ++col) {
      widths[col] = std::max(widths[col], display_width(row[col]));
    }
  }

  write_row(out, rows.front(), widths);
  out << '|';
  // ":" plus dashes spans the same width as a padded cell, so the separator lines up too.
  for (std::size_t width : widths) out << ':' << std::string(width + 1, '-') << '|';
  out << '\n';
  for (std::size_t i = 1; i < rows.size(); ++i) write_row(out, rows[i], widths);

  write_footer(report, out);
}

}  // namespace graphstat::formatters
