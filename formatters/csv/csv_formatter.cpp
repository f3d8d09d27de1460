#include "csv_formatter.hpp"

#include <fmt/format.h>

#include <string_view>

#include "common/comparison_cells.hpp"
#include "common/report_walk.hpp"

namespace graphstat::formatters {
namespace {

/// RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. A name
/// that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
/// gets a leading apostrophe, OWASP's advice against CSV injection.
std::string csv_field(std::string_view text) {
  std::string value;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    value = "'";
  }
  value += text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void render_by_op(const Report& report, std::ostream& out) {
  const bool roofline = report.roofline.has_value();
  out << "op,count,macs,flops,memory_bytes,input_bytes,output_bytes,weight_bytes,unpriced,"
         "unresolved"
      << (roofline ? ",seconds" : "") << '\n';
  for (const OpTypeTotals& t : report.by_op) {
    out << fmt::format("{},{},{},{},{},{},{},{},{},{}", csv_field(t.op), t.count, t.macs, t.flops,
                       t.memory_bytes(), t.input_bytes, t.output_bytes, t.weight_bytes, t.unpriced,
                       t.unresolved);
    if (roofline) out << fmt::format(",{}", t.seconds);
    out << '\n';
  }
}

void render_ops(const Report& report, std::ostream& out) {
  const bool roofline = report.roofline.has_value();
  out << "index,name,module,op,source_op,input_shapes,output_shapes,macs,flops,memory_bytes,"
         "input_bytes,output_bytes,weight_bytes,priced,resolved"
      << (roofline ? ",seconds" : "") << '\n';
  for (const OpRecord& op : report.ops) {
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", op.index, csv_field(op.name),
                       csv_field(op.module), csv_field(op.op), csv_field(op.source_op),
                       csv_field(fmt::format("{}", fmt::join(op.input_shapes, " "))),
                       csv_field(fmt::format("{}", fmt::join(op.output_shapes, " "))), op.macs,
                       op.flops, op.memory_bytes(), op.input_bytes, op.output_bytes,
                       op.weight_bytes, op.priced, op.resolved);
    if (roofline) out << fmt::format(",{}", op.seconds);
    out << '\n';
  }
}

// With --columns: the chosen columns, named as the default header names them; a share is a
// fraction of the model's total (0..1), like time_share.
std::string csv_column_name(Column column) {
  static constexpr std::string_view kNames[] = {
      "params",       "trainable_params", "frozen_params",         "macs",
      "flops",        "memory_bytes",     "peak_activation_bytes", "input_bytes",
      "output_bytes", "weight_bytes",     "arithmetic_intensity",  "op_count",
      "calls",        "input_shapes",     "output_shapes",         "seconds",
      "bound"};
  const std::string_view name = kNames[static_cast<std::size_t>(column.key)];
  if (!column.percent) return std::string(name);
  return column.key == ColumnKey::time ? "time_share" : fmt::format("{}_share", name);
}

// Exact: integers as integers, numbers as the shortest text that reads back the same; blank
// where the file does not say.
std::string csv_column_value(const ModuleStats& row, Column column, const ModuleStats& root) {
  const ColumnValue v = column_value(row, column, root);
  if (!v.known) return {};
  switch (v.kind) {
    case ColumnValue::Kind::count:
      return fmt::format("{}", v.count);
    case ColumnValue::Kind::number:
      return fmt::format("{}", v.number);
    case ColumnValue::Kind::text:
      return csv_field(v.text);
  }
  return {};
}

void render_chosen_columns(const Report& report, std::ostream& out) {
  out << "module,kind,depth,parent";
  for (const Column& c : report.columns) out << ',' << csv_column_name(c);
  out << ",unresolved_ops" << (report.filter.empty() ? "" : ",filter") << '\n';
  walk_modules(report.root, [&](const ModuleStats& row, const ModuleStats* parent) {
    out << fmt::format("{},{},{},{}", csv_field(row.name), kind_name(row.kind), row.depth,
                       parent != nullptr ? csv_field(parent->name) : std::string());
    for (const Column& c : report.columns) out << ',' << csv_column_value(row, c, report.root);
    out << ',' << row.unresolved_ops;
    if (!report.filter.empty()) out << ',' << csv_field(report.filter);
    out << '\n';
  });
}

// --compare: one line per row of the compared tree; per column, each model's exact value under
// "<name>:<label>", then per later model the delta from the first and its ratio (a fraction).
// A model without the row leaves its cells empty.
void render_comparison_csv(const Comparison& c, std::ostream& out) {
  out << "module,kind,depth,parent";
  for (const Column& column : c.columns) {
    for (const auto& label : c.labels)
      out << ',' << csv_field(csv_column_name(column) + ":" + label);
    if (!has_delta(column)) continue;
    for (std::size_t m = 1; m < c.labels.size(); ++m) {
      out << ',' << csv_field(csv_column_name(column) + "_delta:" + c.labels[m]) << ','
          << csv_field(csv_column_name(column) + "_rel:" + c.labels[m]);
    }
  }
  out << '\n';
  walk_compared(c.root, [&](const ComparedRow& row, const ComparedRow* parent) {
    out << fmt::format("{},{},{},{}", csv_field(row.name), kind_name(row.kind), row.depth,
                       parent != nullptr ? csv_field(parent->name) : std::string());
    for (const Column& column : c.columns) {
      for (std::size_t m = 0; m < c.labels.size(); ++m) {
        const ModuleStats* s = row.per_model[m];
        out << ',' << (s != nullptr ? csv_column_value(*s, column, c.reports[m].root) : "");
      }
      if (!has_delta(column)) continue;
      for (std::size_t m = 1; m < c.labels.size(); ++m) {
        const Delta d = column_delta(row.per_model[m], row.per_model[0], column);
        out << ',' << (d.known ? d.exact_text() : "") << ','
            << (d.relative_known ? fmt::format("{}", d.relative) : "");
      }
    }
    out << '\n';
  });
}

}  // namespace

std::vector<std::string> CsvFormatter::extensions() const { return {".csv"}; }

void CsvFormatter::render_comparison(const Comparison& comparison, std::ostream& out) const {
  render_comparison_csv(comparison, out);
}

void CsvFormatter::render(const Report& report, std::ostream& out) const {
  if (report.view == ReportView::by_op) return render_by_op(report, out);
  if (report.view == ReportView::ops) return render_ops(report, out);
  if (!report.columns.empty()) return render_chosen_columns(report, out);
  // The roofline columns come only with a hardware profile, so a plain report's columns never move.
  const bool roofline = report.roofline.has_value();
  out << "module,kind,depth,parent,params,macs,flops,memory_bytes,input_bytes,output_bytes,"
         "weight_bytes,peak_activation_bytes,arithmetic_intensity,unresolved_ops"
      << (roofline ? ",seconds,bound,time_share" : "") << (report.filter.empty() ? "" : ",filter")
      << '\n';
  walk_modules(report.root, [&](const ModuleStats& row, const ModuleStats* parent) {
    // "{}" prints the shortest text that reads back as the same double: exact, yet no noise digits.
    out << fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{}", csv_field(row.name), kind_name(row.kind),
        row.depth, parent != nullptr ? csv_field(parent->name) : std::string(), row.params,
        row.macs, row.flops, row.memory_bytes(), row.input_bytes, row.output_bytes,
        row.weight_bytes, row.peak_live_bytes, row.arithmetic_intensity(), row.unresolved_ops);
    if (roofline) {
      const double share = report.root.seconds > 0 ? row.seconds / report.root.seconds : 0.0;
      out << fmt::format(",{},{},{}", row.seconds, row.seconds > 0 ? bound_cell(row) : "", share);
    }
    // Every row carries the filter: a spreadsheet has no caption to put it in.
    if (!report.filter.empty()) out << ',' << csv_field(report.filter);
    out << '\n';
  });
}

}  // namespace graphstat::formatters
