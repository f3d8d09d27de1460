#include "html_formatter.hpp"

#include <fmt/format.h>

#include <string_view>

#include "common/column_cells.hpp"
#include "common/comparison_cells.hpp"
#include "common/report_walk.hpp"
#include "graphstat/graph.hpp"
#include "html_charts.hpp"
#include "html_module_table.hpp"
#include "html_text.hpp"

namespace graphstat::formatters {
namespace {

using html::cells;
using html::escape;
using html::kStyle;
using html::name_cell;
using html::share_cell;

void write_head(const Report& report, std::ostream& out) {
  const std::string model = escape(report.model);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>graphstat: " << model << "</title>\n<style>\n"
      << kStyle << "</style>\n</head>\n<body>\n<h1>" << model << "</h1>\n";
  if (!report.source.empty()) {
    out << "<p class=\"meta\">" << escape(report.source) << ", read by the "
        << escape(report.frontend) << " frontend</p>\n";
  }
  if (!report.filter.empty()) {
    out << "<p class=\"filter\"><strong>Filter:</strong> " << escape(filter_text(report))
        << "</p>\n";
  }
  out << "<dl class=\"totals\">\n";
  for (const SummaryLine& line : summary_lines(report)) {
    out << "<dt>" << line.label << "</dt><dd>" << line.value << "</dd>\n";
  }
  if (report.roofline) {
    out << "<dt>Hardware</dt><dd>" << escape(hardware_text(*report.roofline)) << "</dd>\n";
    out << "<dt>Estimated time</dt><dd>" << escape(estimated_time_text(report)) << "</dd>\n";
  }
  if (!report.bindings.empty()) {
    out << "<dt>Dims</dt><dd>" << escape(bindings_text(report)) << "</dd>\n";
  }
  out << "</dl>\n";
  for (const std::string& note : report.notes) {
    out << "<p class=\"note\">Note: " << escape(note) << "</p>\n";
  }
}

void write_by_op_table(const Report& report, std::ostream& out) {
  const bool roofline = report.roofline.has_value();
  const std::uint64_t total = report.root.metric_value(report.metric);
  out << "<table>\n<thead><tr><th>Op</th><th>Count</th><th>MACs</th><th>FLOPs</th><th>Memory</th>"
      << "<th>Share of " << metric_label(report.metric) << "</th>"
      << (roofline ? "<th>Time</th>" : "") << "</tr></thead>\n<tbody>\n";
  for (const OpTypeTotals& t : report.by_op) {
    out << "<tr><td>" << escape(t.op) << "</td>"
        << cells({format_grouped(t.count), count_cell(t.macs), count_cell(t.flops),
                  bytes_cell(t.memory_bytes())})
        << share_cell(report.metric == Metric::macs ? t.macs : t.flops, total);
    if (roofline) out << cells({t.seconds > 0 ? format_duration(t.seconds) : ""});
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void write_ops_table(const Report& report, std::ostream& out) {
  const bool roofline = report.roofline.has_value();
  out << "<table>\n<thead><tr><th>#</th><th>Module</th><th>Op</th><th>Source op</th>"
      << "<th>Inputs</th><th>Outputs</th><th>MACs</th><th>FLOPs</th><th>Memory</th>"
      << (roofline ? "<th>Time</th>" : "") << "</tr></thead>\n<tbody>\n";
  for (const OpRecord& op : report.ops) {
    out << "<tr>"
        << cells({fmt::format("{}", op.index), op.module.empty() ? "model" : op.module, op.op,
                  op.source_op, fmt::format("{}", fmt::join(op.input_shapes, " ")),
                  fmt::format("{}", fmt::join(op.output_shapes, " ")), format_grouped(op.macs),
                  format_grouped(op.flops), format_grouped(op.memory_bytes())});
    if (roofline) out << cells({op.seconds > 0 ? format_duration(op.seconds) : ""});
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void write_bottlenecks(const Report& report, std::ostream& out) {
  if (!report.roofline || report.roofline->bottlenecks.empty()) return;
  out << "<h2>Bottlenecks</h2>\n<p>" << escape(kBottlenecksHeading) << "</p>\n<ol>\n";
  for (const Bottleneck& b : report.roofline->bottlenecks) {
    out << "<li>" << escape(bottleneck_text(b)) << "</li>\n";
  }
  out << "</ol>\n";
}

void write_unsupported(const Report& report, std::ostream& out) {
  out << "<h2>Unsupported operators</h2>\n";
  if (report.unsupported_ops.empty()) {
    out << "<p>None: every operator was priced.</p>\n";
    return;
  }
  out << "<p>MACs/FLOPs not counted, memory counted.</p>\n<ul>\n";
  for (const auto& [op, count] : report.unsupported_ops) {
    out << "<li><code>" << escape(op) << "</code>: " << count << "</li>\n";
  }
  out << "</ul>\n";
}

void write_unresolved(const Report& report, std::ostream& out) {
  if (report.unresolved.empty()) return;
  out << "<h2>Unresolved operators</h2>\n<p>" << escape(kUnresolvedHeading) << ": "
      << report.unresolved.size() << "</p>\n<ul>\n";
  for (const UnresolvedOp& op : report.unresolved) {
    out << "<li>" << escape(unresolved_text(op)) << "</li>\n";
  }
  out << "</ul>\n";
}

// --compare: the legend of model letters with each model's totals, then one table.
void write_comparison(const Comparison& c, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>graphstat: comparison</title>\n<style>\n"
      << kStyle << "</style>\n</head>\n<body>\n<h1>Comparison of " << c.reports.size()
      << " models</h1>\n<dl class=\"totals\">\n";
  for (std::size_t m = 0; m < c.reports.size(); ++m) {
    std::string totals;
    for (const SummaryLine& line : summary_lines(c.reports[m])) {
      totals += (totals.empty() ? "" : "; ") + line.label + " " + line.value;
    }
    out << "<dt>" << escape(compared_model_text(c, m)) << "</dt><dd>" << escape(totals)
        << "</dd>\n";
  }
  out << "</dl>\n<p>Deltas are from A. A blank cell: the model has no such row (not a "
         "zero).</p>\n<table>\n<thead><tr><th>Module</th>";
  const auto columns = compared_columns(c);
  for (const auto& column : columns) out << "<th>" << escape(column.heading) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  walk_compared(c.root, [&](const ComparedRow& row, const ComparedRow*) {
    out << "<tr class=\"" << kind_name(row.kind) << "\">" << name_cell(row.name, row.depth);
    for (const auto& column : columns) out << cells({column.cell(row)});
    out << "</tr>\n";
  });
  out << "</tbody>\n</table>\n</body>\n</html>\n";
}

}  // namespace

std::vector<std::string> HtmlFormatter::extensions() const { return {".html", ".htm"}; }

void HtmlFormatter::render_comparison(const Comparison& comparison, std::ostream& out) const {
  write_comparison(comparison, out);
}

void HtmlFormatter::render(const Report& report, std::ostream& out) const {
  write_head(report, out);
  switch (report.view) {
    case ReportView::modules:
      out << "<div class=\"charts\">\n";
      html::write_where_it_goes(report, out);
      html::write_roofline_svg(report, out);
      out << "</div>\n";
      html::write_module_table(report, out);
      break;
    case ReportView::by_op:
      write_by_op_table(report, out);
      break;
    case ReportView::ops:
      write_ops_table(report, out);
      break;
  }
  write_bottlenecks(report, out);
  write_unsupported(report, out);
  write_unresolved(report, out);
  if (report.view == ReportView::modules) out << "<script>\n" << html::kScript << "</script>\n";
  out << "</body>\n</html>\n";
}

}  // namespace graphstat::formatters
