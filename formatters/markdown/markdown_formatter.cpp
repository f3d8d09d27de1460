#include "markdown_formatter.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/column_cells.hpp"
#include "common/report_walk.hpp"
#include "graphstat/graph.hpp"
#include "graphstat/printable.hpp"
#include "markdown_color.hpp"
#include "markdown_comparison.hpp"
#include "markdown_table.hpp"
#include "markdown_views.hpp"

namespace graphstat::formatters {
namespace {

using Row = MarkdownRow;

/// The seed indents depth d >= 1 by d - 1 spaces: the root and the top-level modules line up.
std::string indent(int depth) {
  return std::string(depth > 1 ? static_cast<std::size_t>(depth - 1) : 0, ' ');
}

// The module table in the chosen columns; with report.color, `styles` gets each row's ANSI style
// (markdown_color.hpp). A parameter row shows its shape in the parameter column, when there is one.
std::vector<Row> table_rows(const Report& report, std::vector<std::string_view>& styles) {
  std::vector<Row> rows;
  // The style of the row just added.
  const auto styled = [&](std::string_view style) {
    if (!report.color) return;
    styles.resize(rows.size());
    styles.back() = style;
  };
  const std::vector<Column> columns = table_columns(report);
  rows.push_back({"Module"});
  for (const Column& c : columns) rows.back().push_back(column_heading(c));
  styled(ansi::bold);
  const bool param_rows = shows_params(columns);
  walk_rows(
      report.root,
      [&](const ModuleStats& row, const ModuleStats*) {
        rows.push_back({indent(row.depth) + escape_cell(row.name)});
        for (const Column& c : columns) {
          rows.back().push_back(escape_cell(column_cell(row, c, report.root)));
        }
        styled(row_style(row, report));
      },
      [&](const ParamRow& param, const ModuleStats& owner) {
        if (!param_rows) return;
        // A parameter sits one level below the module that reads it.
        rows.push_back({indent(owner.depth + 1) + escape_cell(param.name)});
        for (const Column& c : columns) {
          rows.back().push_back(c.key == ColumnKey::params && !c.percent
                                    ? format_shape_tuple(param.shape)
                                    : std::string());
        }
        styled(ansi::dim);
      });
  return rows;
}

void write_footer(const Report& report, std::ostream& out) {
  out << '\n';
  for (const SummaryLine& line : summary_lines(report)) {
    out << line.label << ": " << line.value << '\n';
  }
  if (report.roofline) {
    out << "Hardware: " << printable(hardware_text(*report.roofline)) << '\n';
    out << "Estimated time: " << estimated_time_text(report) << '\n';
  }
  if (!report.bindings.empty()) out << "Dims: " << bindings_text(report) << '\n';
  for (const std::string& note : report.notes) out << "Note: " << note << '\n';
  if (report.roofline && !report.roofline->bottlenecks.empty()) {
    if (report.color) {
      out << ansi::bottleneck << kBottlenecksHeading << ansi::reset << ":\n";
    } else {
      out << kBottlenecksHeading << ":\n";
    }
    for (std::size_t i = 0; i < report.roofline->bottlenecks.size(); ++i) {
      out << i + 1 << ". " << printable(bottleneck_text(report.roofline->bottlenecks[i])) << '\n';
    }
  }
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

void MarkdownFormatter::render_comparison(const Comparison& comparison, std::ostream& out) const {
  write_markdown_comparison(comparison, out);
}

void MarkdownFormatter::render(const Report& report, std::ostream& out) const {
  if (!report.filter.empty()) out << "Filter: " << printable(filter_text(report)) << "\n\n";
  switch (report.view) {
    case ReportView::modules: {
      std::vector<std::string_view> styles;
      const auto rows = table_rows(report, styles);
      write_markdown_table(rows, out, styles);
      break;
    }
    case ReportView::by_op:
      write_markdown_table(by_op_rows(report), out);
      break;
    case ReportView::ops:
      write_markdown_table(op_rows(report), out);
      break;
  }
  write_footer(report, out);
}

}  // namespace graphstat::formatters
