// The roofline estimate (docs/cost-model.md, "Roofline"): a time per op, and the rows where the
// model's time goes.

#include <fmt/format.h>

#include <algorithm>

#include "graphstat/analysis.hpp"
#include "graphstat/units.hpp"

namespace graphstat {
namespace {

double compute_seconds(std::uint64_t flops, const RooflineTarget& target) {
  return static_cast<double>(flops) / target.peak_ops_per_s;
}

double memory_seconds(std::uint64_t bytes, const RooflineTarget& target) {
  return static_cast<double>(bytes) / target.memory_bytes_per_s;
}

// Rows without children: the finest units the table has, so a bottleneck names what to change.
void collect_leaves(const ModuleStats& row, std::vector<const ModuleStats*>& leaves) {
  if (row.children.empty()) {
    if (row.seconds > 0) leaves.push_back(&row);
    return;
  }
  for (const ModuleStats& child : row.children) collect_leaves(child, leaves);
}

// Spec-sheet units, so the numbers can be checked against the profile by eye.
std::string rate_text(double ops_per_s) { return fmt::format("{:g} TFLOP/s", ops_per_s / 1e12); }
std::string bandwidth_text(double bytes_per_s) {
  return fmt::format("{:g} GB/s", bytes_per_s / 1e9);
}

std::string why_text(const ModuleStats& row, const RooflineTarget& target) {
  const double t_compute = compute_seconds(row.flops, target);
  const double t_memory = memory_seconds(row.memory_bytes(), target);
  return fmt::format(
      "{}: {} FLOPs at {} = {}, {} at {} = {}; intensity {:.2f} FLOPs/byte vs ridge {:.2f}",
      row.compute_bound() ? "compute-bound" : "memory-bound", format_count(row.flops),
      rate_text(target.peak_ops_per_s), format_duration(t_compute),
      format_bytes(row.memory_bytes()), bandwidth_text(target.memory_bytes_per_s),
      format_duration(t_memory), row.arithmetic_intensity(),
      target.peak_ops_per_s / target.memory_bytes_per_s);
}

}  // namespace

void estimate_op_times(std::vector<OpMeasure>& measures, const RooflineTarget& target) {
  for (OpMeasure& m : measures) {
    const double t_compute = compute_seconds(m.flops, target);
    // Summed as doubles: each count is checked, their sum need not fit 64 bits.
    const double bytes = static_cast<double>(m.input_bytes) + static_cast<double>(m.output_bytes) +
                         static_cast<double>(m.weight_bytes);
    const double t_memory = bytes / target.memory_bytes_per_s;
    m.compute_bound = t_compute >= t_memory && t_compute > 0;
    m.seconds = std::max(t_compute, t_memory);
  }
}

std::vector<Bottleneck> find_bottlenecks(const ModuleStats& root, const RooflineTarget& target,
                                         std::size_t count) {
  std::vector<const ModuleStats*> leaves;
  collect_leaves(root, leaves);
  // Ties (the same block repeated) keep execution order, so the list reads top to bottom.
  std::stable_sort(leaves.begin(), leaves.end(), [](const ModuleStats* a, const ModuleStats* b) {
    return a->seconds != b->seconds ? a->seconds > b->seconds : a->first_op < b->first_op;
  });
  if (leaves.size() > count) leaves.resize(count);
  std::vector<Bottleneck> out;
  for (const ModuleStats* row : leaves) {
    out.push_back(Bottleneck{row->name, row->seconds,
                             root.seconds > 0 ? row->seconds / root.seconds : 0.0,
                             row->compute_bound(), why_text(*row, target)});
  }
  return out;
}

}  // namespace graphstat
