#pragma once
/// What every formatter needs to read a Report the same way: the row order, the names of kinds and
/// metrics, and the totals summary. Header-only so each formatter plugin compiles it in privately.

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/report.hpp"
#include "graphstat/units.hpp"

namespace graphstat::formatters {

/// The order of every table: a row, then the parameters its own ops read, then its children.
/// `parent` is null for the root. The core has already sorted and pruned the tree; this only
/// flattens it.
template <class OnModule, class OnParam>
void walk_rows(const ModuleStats& row, OnModule&& on_module, OnParam&& on_param,
               const ModuleStats* parent = nullptr) {
  on_module(row, parent);
  for (const ParamRow& param : row.param_rows) on_param(param, row);
  for (const ModuleStats& child : row.children) walk_rows(child, on_module, on_param, &row);
}

/// Visits module and op rows only, for formats that leave parameter rows out.
template <class OnModule>
void walk_modules(const ModuleStats& row, OnModule&& on_module) {
  walk_rows(row, on_module, [](const ParamRow&, const ModuleStats&) {});
}

/// Machine-readable kind, as JSON and CSV spell it.
inline std::string_view kind_name(RowKind kind) {
  switch (kind) {
    case RowKind::model:
      return "model";
    case RowKind::module:
      return "module";
    case RowKind::op:
      return "op";
  }
  return "module";
}

/// Column heading of the selected metric.
inline std::string_view metric_label(Metric metric) {
  return metric == Metric::macs ? "MACs" : "FLOPs";
}

/// Table cells leave zeros blank, as the seed does, so the rows that matter stand out.
inline std::string count_cell(std::uint64_t value) {
  return value == 0 ? std::string() : format_count(value);
}
inline std::string bytes_cell(std::uint64_t bytes) {
  return bytes == 0 ? std::string() : format_bytes(bytes);
}

/// One line of the totals block shown under human-readable tables.
struct SummaryLine {
  std::string label;
  std::string value;
};

/// Totals of the whole model, both metrics whatever the table shows: short form, then exact.
inline std::vector<SummaryLine> summary_lines(const Report& report) {
  const ModuleStats& root = report.root;
  return {
      {"Total parameters",
       fmt::format("{} ({})", format_count(root.params), format_grouped(root.params))},
      {"Total MACs", fmt::format("{} ({})", format_count(root.macs), format_grouped(root.macs))},
      {"Total FLOPs", fmt::format("{} ({})", format_count(root.flops), format_grouped(root.flops))},
      {"Total memory", fmt::format("{} ({} bytes)", format_bytes(root.memory_bytes()),
                                   format_grouped(root.memory_bytes()))},
      {"Arithmetic intensity", fmt::format("{:.2f} FLOPs/byte", root.arithmetic_intensity())},
  };
}

/// Heading of the unsupported-operator list; says what was and was not counted for them.
inline constexpr std::string_view kUnsupportedHeading =
    "Unsupported operators (MACs/FLOPs not counted, memory counted)";

}  // namespace graphstat::formatters
