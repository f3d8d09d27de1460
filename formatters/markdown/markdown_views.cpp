#include "markdown_views.hpp"

#include <fmt/format.h>

#include "common/report_walk.hpp"

namespace graphstat::formatters {

std::vector<MarkdownRow> by_op_rows(const Report& report) {
  const bool roofline = report.roofline.has_value();
  const std::string_view metric = metric_label(report.metric);
  std::vector<MarkdownRow> rows;
  rows.push_back({"Op", "Count", "MACs", "FLOPs", "Memory", fmt::format("{} %", metric)});
  if (roofline) rows.back().insert(rows.back().end(), {"Time", "Time %"});
  const std::uint64_t total = report.root.metric_value(report.metric);
  for (const OpTypeTotals& t : report.by_op) {
    const std::uint64_t value = report.metric == Metric::macs ? t.macs : t.flops;
    // An op type with unpriced or unresolved ops has figures that are lower bounds.
    const std::string mark = t.unpriced + t.unresolved > 0 ? std::string(kLowerBoundMark) : "";
    rows.push_back({escape_cell(t.op), format_grouped(t.count),
                    t.macs > 0 ? mark + format_count(t.macs) : mark,
                    t.flops > 0 ? mark + format_count(t.flops) : mark, bytes_cell(t.memory_bytes()),
                    share_text(value, total)});
    if (roofline) {
      rows.back().insert(rows.back().end(),
                         {t.seconds > 0 ? format_duration(t.seconds) : std::string(),
                          report.root.seconds > 0 && t.seconds > 0
                              ? fmt::format("{:.1f}%", 100.0 * t.seconds / report.root.seconds)
                              : std::string()});
    }
  }
  return rows;
}

std::vector<MarkdownRow> op_rows(const Report& report) {
  const bool roofline = report.roofline.has_value();
  std::vector<MarkdownRow> rows;
  rows.push_back(
      {"#", "Module", "Op", "Source op", "Inputs", "Outputs", "MACs", "FLOPs", "Memory"});
  if (roofline) rows.back().push_back("Time");
  for (const OpRecord& op : report.ops) {
    // Unpriced ops show "?" (no model), unresolved ones "≥": neither figure is to be read as 0.
    const std::string none = !op.resolved ? std::string(kLowerBoundMark) + "0"
                             : !op.priced ? std::string("?")
                                          : std::string();
    rows.push_back(
        {fmt::format("{}", op.index), escape_cell(op.module.empty() ? "model" : op.module),
         escape_cell(op.op), escape_cell(op.source_op),
         escape_cell(fmt::format("{}", fmt::join(op.input_shapes, " "))),
         escape_cell(fmt::format("{}", fmt::join(op.output_shapes, " "))),
         op.macs > 0 ? format_grouped(op.macs) : none,
         op.flops > 0 ? format_grouped(op.flops) : none, format_grouped(op.memory_bytes())});
    if (roofline) rows.back().push_back(op.seconds > 0 ? format_duration(op.seconds) : "");
  }
  return rows;
}

}  // namespace graphstat::formatters
