#pragma once
/// What every formatter needs to read a Report the same way: the row order, the names of kinds and
/// metrics, and the totals summary. Header-only so each formatter plugin compiles it in privately.

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
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

/// Marks a figure that is a lower bound: some op below the row waits on an unbound dim.
inline constexpr std::string_view kLowerBoundMark = "≥ ";

/// A row's MACs/FLOPs or memory cell: blank for zero, "≥ 1.2G" (even "≥ 0") for a lower bound.
inline std::string count_cell(const ModuleStats& row, std::uint64_t value) {
  if (!row.is_lower_bound()) return count_cell(value);
  return std::string(kLowerBoundMark) + format_count(value);
}
inline std::string bytes_cell(const ModuleStats& row, std::uint64_t bytes) {
  if (!row.is_lower_bound()) return bytes_cell(bytes);
  return std::string(kLowerBoundMark) + format_bytes(bytes);
}

/// One line of the totals block shown under human-readable tables.
struct SummaryLine {
  std::string label;
  std::string value;
};

/// Totals of the whole model, both metrics whatever the table shows: short form, then exact.
inline std::vector<SummaryLine> summary_lines(const Report& report) {
  const ModuleStats& root = report.root;
  // Parameters never wait on a dim; MACs, FLOPs and memory of an unresolved op are missing.
  const std::string_view mark = root.is_lower_bound() ? kLowerBoundMark : "";
  std::vector<SummaryLine> lines{
      {"Total parameters",
       fmt::format("{} ({})", format_count(root.params), format_grouped(root.params))},
      {"Total MACs",
       fmt::format("{}{} ({})", mark, format_count(root.macs), format_grouped(root.macs))},
      {"Total FLOPs",
       fmt::format("{}{} ({})", mark, format_count(root.flops), format_grouped(root.flops))},
      {"Total memory", fmt::format("{}{} ({} bytes)", mark, format_bytes(root.memory_bytes()),
                                   format_grouped(root.memory_bytes()))},
      // What inference needs in RAM besides the weights (docs/cost-model.md).
      {"Peak activation memory",
       fmt::format("{}{} ({} bytes)", mark, format_bytes(root.peak_live_bytes),
                   format_grouped(root.peak_live_bytes))},
  };
  if (!root.is_lower_bound()) {
    lines.push_back(
        {"Arithmetic intensity", fmt::format("{:.2f} FLOPs/byte", root.arithmetic_intensity())});
  }
  return lines;
}

/// "N=1 (default), num_boxes=100, *.count=100 (271 dims)": every symbolic dim binding the report
/// used, for its caption. Dims bound by one pattern are one entry, at the place of the first.
inline std::string bindings_text(const Report& report) {
  std::vector<std::string> parts;
  std::map<std::string, std::pair<std::size_t, std::vector<const DimBinding*>>> by_pattern;
  for (const DimBinding& b : report.bindings) {
    if (b.pattern.empty()) {
      parts.push_back(fmt::format("{}={}{}", b.name, b.value, b.defaulted ? " (default)" : ""));
      continue;
    }
    auto [group, fresh] =
        by_pattern.try_emplace(b.pattern, parts.size(), std::vector<const DimBinding*>{});
    if (fresh) parts.emplace_back();
    group->second.second.push_back(&b);
  }
  for (const auto& [pattern, group] : by_pattern) {
    const auto& [at, bound] = group;
    parts[at] = bound.size() == 1
                    ? fmt::format("{}={} ({})", pattern, bound[0]->value, bound[0]->name)
                    : fmt::format("{}={} ({} dims)", pattern, bound[0]->value, bound.size());
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

/// Heading of the unresolved-op list; says what the marks mean and how to resolve them.
inline constexpr std::string_view kUnresolvedHeading =
    "Unresolved operators (their shapes wait on unbound dims: not priced, figures marked ≥ are "
    "lower bounds; bind the dims with --dim NAME=VALUE)";

/// One line of the unresolved list: "name (source_op) in module: waits on a, b".
inline std::string unresolved_text(const UnresolvedOp& op) {
  return fmt::format("{} ({}) in {}: waits on {}", op.name, op.source_op,
                     op.module.empty() ? "model" : op.module, fmt::join(op.waits_on, ", "));
}

/// The caption of a filtered report, so that its totals are not read as the model's.
inline std::string filter_text(const Report& report) {
  return fmt::format("{} (only these ops are counted; totals are not the model's)", report.filter);
}

/// "12.3%" of a total; blank when either is zero.
inline std::string share_text(std::uint64_t value, std::uint64_t total) {
  if (value == 0 || total == 0) return {};
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(value) / static_cast<double>(total));
}

/// Roofline cells of a row (with a hardware profile): estimated time, bound, share of the model's.
inline std::string time_cell(const ModuleStats& row) {
  if (row.seconds <= 0) return {};
  return (row.is_lower_bound() ? std::string(kLowerBoundMark) : std::string()) +
         format_duration(row.seconds);
}
inline std::string_view bound_name(bool compute_bound) {
  return compute_bound ? "compute" : "memory";
}
inline std::string bound_cell(const ModuleStats& row) {
  return row.seconds > 0 ? std::string(bound_name(row.compute_bound())) : std::string();
}

/// "NVIDIA A100 SXM4 80GB, fp32: 19.5 TFLOP/s peak, 2039 GB/s, ridge 9.56 FLOPs/byte".
inline std::string hardware_text(const RooflineSummary& roofline) {
  return fmt::format("{}, {}: {:g} TFLOP/s peak, {:g} GB/s, ridge {:.2f} FLOPs/byte",
                     roofline.profile, roofline.precision, roofline.peak_ops_per_s / 1e12,
                     roofline.memory_bytes_per_s / 1e9, roofline.ridge_point());
}

/// "1.23ms (61.0% of it in compute-bound ops)": the model's estimated time.
inline std::string estimated_time_text(const Report& report) {
  const ModuleStats& root = report.root;
  const double compute_share = root.seconds > 0 ? root.compute_bound_seconds / root.seconds : 0.0;
  return fmt::format("{}{} ({:.1f}% of it in compute-bound ops)",
                     root.is_lower_bound() ? kLowerBoundMark : "", format_duration(root.seconds),
                     100.0 * compute_share);
}

/// One line of the bottleneck list: "layer4.0.conv2: 1.21ms (12.3%), memory-bound: ...".
inline std::string bottleneck_text(const Bottleneck& b) {
  return fmt::format("{}: {} ({:.1f}%), {}", b.module, format_duration(b.seconds), 100.0 * b.share,
                     b.why);
}

/// Heading of the bottleneck list.
inline constexpr std::string_view kBottlenecksHeading =
    "Bottlenecks (finest rows by estimated time: max(FLOPs / peak, bytes / bandwidth) per op)";

/// Heading of the unsupported-operator list; says what was and was not counted for them.
inline constexpr std::string_view kUnsupportedHeading =
    "Unsupported operators (MACs/FLOPs not counted, memory counted)";

}  // namespace graphstat::formatters
