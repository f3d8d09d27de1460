#include "html_formatter.hpp"

#include <fmt/format.h>

#include <string_view>

#include "common/column_cells.hpp"
#include "common/comparison_cells.hpp"
#include "common/report_walk.hpp"
#include "graphstat/graph.hpp"

namespace graphstat::formatters {
namespace {

constexpr std::string_view kStyle =
    R"(body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em;margin:0 0 .2em}
h2{font-size:1.1em;margin:1.5em 0 .4em}
.meta{color:#666;margin:0 0 1em}
dl.totals{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;margin:0 0 1.5em}
dl.totals dt{color:#555}
dl.totals dd{margin:0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:.2em .8em;border-bottom:1px solid #eee;white-space:nowrap;text-align:right}
th{border-bottom:2px solid #ccc}
th:first-child,td:first-child{text-align:left}
tr.model td{font-weight:600}
tr.op td:first-child{font-style:italic}
tr.param td{color:#888;font-size:.9em}
td.shape{text-align:left;font-family:monospace}
td.share{text-align:left;min-width:11em}
.bar{display:inline-block;height:.8em;background:#4a7fd6;vertical-align:middle;margin-right:.4em}
)";

/// Width of a bar at 100%; shares scale linearly below it.
constexpr double kBarEm = 6.0;

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// The first cell, indented by depth; parameter rows pass their owner's depth + 1.
std::string name_cell(std::string_view name, int depth) {
  return fmt::format("<td style=\"padding-left:{:.2f}em\">{}</td>", 0.8 + 1.25 * depth,
                     html_escape(name));
}

/// This row's share of the model's metric as a bar and a percentage; blank when the model has none.
std::string share_cell(std::uint64_t value, std::uint64_t total) {
  if (total == 0 || value == 0) return "<td class=\"share\"></td>";
  const double share = static_cast<double>(value) / static_cast<double>(total);
  return fmt::format(
      "<td class=\"share\"><span class=\"bar\" style=\"width:{:.2f}em\"></span>{:.1f}%</td>",
      share * kBarEm, share * 100.0);
}

void write_head(const Report& report, std::ostream& out) {
  const std::string model = html_escape(report.model);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>graphstat: " << model << "</title>\n<style>\n"
      << kStyle << "</style>\n</head>\n<body>\n<h1>" << model << "</h1>\n";
  if (!report.source.empty()) {
    out << "<p class=\"meta\">" << html_escape(report.source) << ", read by the "
        << html_escape(report.frontend) << " frontend</p>\n";
  }
  if (!report.filter.empty()) {
    out << "<p class=\"filter\"><strong>Filter:</strong> " << html_escape(filter_text(report))
        << "</p>\n";
  }
  out << "<dl class=\"totals\">\n";
  for (const SummaryLine& line : summary_lines(report)) {
    out << "<dt>" << line.label << "</dt><dd>" << line.value << "</dd>\n";
  }
  if (report.roofline) {
    out << "<dt>Hardware</dt><dd>" << html_escape(hardware_text(*report.roofline)) << "</dd>\n";
    out << "<dt>Estimated time</dt><dd>" << html_escape(estimated_time_text(report)) << "</dd>\n";
  }
  if (!report.bindings.empty()) {
    out << "<dt>Dims</dt><dd>" << html_escape(bindings_text(report)) << "</dd>\n";
  }
  out << "</dl>\n";
  for (const std::string& note : report.notes) {
    out << "<p class=\"note\">Note: " << html_escape(note) << "</p>\n";
  }
}

std::string cells(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& text : texts) out += "<td>" + html_escape(text) + "</td>";
  return out;
}

// With --columns: Module, the chosen columns, and the share bar of the report's metric.
void write_chosen_table(const Report& report, std::ostream& out) {
  const std::string_view metric = metric_label(report.metric);
  const std::uint64_t total = report.root.metric_value(report.metric);
  out << "<table>\n<thead><tr><th>Module</th>";
  for (const Column& c : report.columns) out << "<th>" << html_escape(column_heading(c)) << "</th>";
  out << "<th>Share of " << metric << "</th></tr></thead>\n<tbody>\n";
  const bool param_rows = shows_params(report.columns);
  walk_rows(
      report.root,
      [&](const ModuleStats& row, const ModuleStats*) {
        out << "<tr class=\"" << kind_name(row.kind) << "\">" << name_cell(row.name, row.depth);
        for (const Column& c : report.columns) out << cells({column_cell(row, c, report.root)});
        out << share_cell(row.metric_value(report.metric), total) << "</tr>\n";
      },
      [&](const ParamRow& param, const ModuleStats& owner) {
        if (!param_rows) return;
        out << "<tr class=\"param\">" << name_cell(param.name, owner.depth + 1);
        for (const Column& c : report.columns) {
          out << (c.key == ColumnKey::params && !c.percent
                      ? "<td class=\"shape\">" + format_shape_tuple(param.shape) + "</td>"
                      : std::string("<td></td>"));
        }
        out << "<td></td></tr>\n";
      });
  out << "</tbody>\n</table>\n";
}

void write_table(const Report& report, std::ostream& out) {
  if (!report.columns.empty()) return write_chosen_table(report, out);
  const std::string_view metric = metric_label(report.metric);
  const std::uint64_t total = report.root.metric_value(report.metric);
  const bool roofline = report.roofline.has_value();
  out << "<table>\n<thead><tr><th>Module</th><th>#Parameters</th><th>" << metric
      << "</th><th>Memory</th><th>FLOPs/byte</th><th>Share of " << metric << "</th>"
      << (roofline ? "<th>Time</th><th>Bound</th><th>Time %</th>" : "")
      << "</tr></thead>\n<tbody>\n";
  walk_rows(
      report.root,
      [&](const ModuleStats& row, const ModuleStats*) {
        const double intensity = row.arithmetic_intensity();
        out << fmt::format("<tr class=\"{}\">{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}",
                           kind_name(row.kind), name_cell(row.name, row.depth),
                           count_cell(row.params), count_cell(row, row.metric_value(report.metric)),
                           bytes_cell(row, row.memory_bytes()),
                           intensity > 0 ? fmt::format("{:.2f}", intensity) : std::string(),
                           share_cell(row.metric_value(report.metric), total));
        if (roofline) {
          out << fmt::format("<td>{}</td><td>{}</td><td>{}</td>", time_cell(row), bound_cell(row),
                             time_share_cell(row, report.root));
        }
        out << "</tr>\n";
      },
      [&](const ParamRow& param, const ModuleStats& owner) {
        out << fmt::format(
            "<tr class=\"param\">{}<td class=\"shape\">{}</td><td></td><td></td><td></td>"
            "<td></td>{}</tr>\n",
            name_cell(param.name, owner.depth + 1), format_shape_tuple(param.shape),
            roofline ? "<td></td><td></td><td></td>" : "");
      });
  out << "</tbody>\n</table>\n";
}

void write_by_op_table(const Report& report, std::ostream& out) {
  const bool roofline = report.roofline.has_value();
  const std::uint64_t total = report.root.metric_value(report.metric);
  out << "<table>\n<thead><tr><th>Op</th><th>Count</th><th>MACs</th><th>FLOPs</th><th>Memory</th>"
      << "<th>Share of " << metric_label(report.metric) << "</th>"
      << (roofline ? "<th>Time</th>" : "") << "</tr></thead>\n<tbody>\n";
  for (const OpTypeTotals& t : report.by_op) {
    out << "<tr><td>" << html_escape(t.op) << "</td>"
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
  out << "<h2>Bottlenecks</h2>\n<p>" << html_escape(kBottlenecksHeading) << "</p>\n<ol>\n";
  for (const Bottleneck& b : report.roofline->bottlenecks) {
    out << "<li>" << html_escape(bottleneck_text(b)) << "</li>\n";
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
    out << "<li><code>" << html_escape(op) << "</code>: " << count << "</li>\n";
  }
  out << "</ul>\n";
}

void write_unresolved(const Report& report, std::ostream& out) {
  if (report.unresolved.empty()) return;
  out << "<h2>Unresolved operators</h2>\n<p>" << html_escape(kUnresolvedHeading) << ": "
      << report.unresolved.size() << "</p>\n<ul>\n";
  for (const UnresolvedOp& op : report.unresolved) {
    out << "<li>" << html_escape(unresolved_text(op)) << "</li>\n";
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
    out << "<dt>" << html_escape(compared_model_text(c, m)) << "</dt><dd>" << html_escape(totals)
        << "</dd>\n";
  }
  out << "</dl>\n<p>Deltas are from A. A blank cell: the model has no such row (not a "
         "zero).</p>\n<table>\n<thead><tr><th>Module</th>";
  const auto columns = compared_columns(c);
  for (const auto& column : columns) out << "<th>" << html_escape(column.heading) << "</th>";
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
      write_table(report, out);
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
  out << "</body>\n</html>\n";
}

}  // namespace graphstat::formatters
