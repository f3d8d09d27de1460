// Sorting and depth-pruning of a finished module tree, and small Report helpers.

#include <algorithm>
#include <array>
#include <utility>

#include "graphstat/analysis.hpp"
#include "graphstat/live_memory.hpp"

namespace graphstat {

double ModuleStats::arithmetic_intensity() const {
  const auto bytes = memory_bytes();
  return bytes == 0 ? 0.0 : static_cast<double>(flops) / static_cast<double>(bytes);
}

std::optional<SortKey> parse_sort_key(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, SortKey>, 7> kKeys{{
      {"name", SortKey::name},
      {"order", SortKey::order},
      {"params", SortKey::params},
      {"macs", SortKey::macs},
      {"flops", SortKey::flops},
      {"memory", SortKey::memory},
      {"time", SortKey::time},
  }};
  for (const auto& [name, key] : kKeys) {
    if (name == text) return key;
  }
  return std::nullopt;
}

namespace {

std::uint64_t sort_value(const ModuleStats& m, SortKey key) {
  switch (key) {
    case SortKey::params:
      return m.params;
    case SortKey::macs:
      return m.macs;
    case SortKey::flops:
      return m.flops;
    case SortKey::memory:
      return m.memory_bytes();
    case SortKey::name:
    case SortKey::order:
    case SortKey::time:
      break;
  }
  return 0;
}

bool row_less(const ModuleStats& a, const ModuleStats& b, SortKey key) {
  switch (key) {
    case SortKey::name:
      return natural_less(a.name, b.name);
    case SortKey::order:
      return a.first_op < b.first_op;
    case SortKey::time:
      return a.seconds != b.seconds ? a.seconds > b.seconds : a.first_op < b.first_op;
    default: {
      // Largest first; ties keep execution order so equal rows stay readable.
      const auto va = sort_value(a, key);
      const auto vb = sort_value(b, key);
      return va != vb ? va > vb : a.first_op < b.first_op;
    }
  }
}

}  // namespace

void sort_tree(ModuleStats& root, SortKey key) {
  std::stable_sort(
      root.children.begin(), root.children.end(),
      [key](const ModuleStats& a, const ModuleStats& b) { return row_less(a, b, key); });
  for (auto& child : root.children) sort_tree(child, key);
}

void hide_zero_rows(ModuleStats& root) {
  std::erase_if(root.children, [](const ModuleStats& row) {
    return row.params == 0 && row.macs == 0 && row.flops == 0 && row.memory_bytes() == 0 &&
           row.unresolved_ops == 0;
  });
  for (auto& child : root.children) hide_zero_rows(child);
}

void prune_tree(ModuleStats& root, int max_depth) {
  if (root.depth >= max_depth) {
    root.children.clear();
    root.param_rows.clear();
    return;
  }
  for (auto& child : root.children) prune_tree(child, max_depth);
}

}  // namespace graphstat

namespace graphstat {

Report make_report(const Graph& graph, const PluginRegistry& plugins,
                   const ReportOptions& options) {
  PricedGraph priced = price_graph(graph, plugins, options.strict);
  if (options.roofline) estimate_op_times(priced.ops, *options.roofline);
  const LiveMemory live = live_activation_memory(graph);
  for (std::size_t k = 0; k < priced.ops.size(); ++k) priced.ops[k].live_bytes = live.live_at_op[k];
  Report report;
  report.model = graph.name;
  report.metric = options.metric;
  report.unsupported_ops = std::move(priced.unsupported_ops);
  report.unresolved = std::move(priced.unresolved);
  report.bindings = graph.bindings;
  report.notes = graph.notes;
  report.root = build_module_tree(graph, priced.ops, needs_module_shapes(options.columns));
  report.columns = options.columns;
  if (const auto& target = options.roofline) {
    // Before pruning: a bottleneck names the finest row, whatever depth the table shows.
    report.roofline = RooflineSummary{target->profile, target->precision, target->peak_ops_per_s,
                                      target->memory_bytes_per_s,
                                      find_bottlenecks(report.root, *target, options.bottlenecks)};
  }
  report.view = options.view;
  if (options.view == ReportView::by_op) {
    report.by_op = totals_by_op(graph, priced.ops, options.metric);
  } else if (options.view == ReportView::ops) {
    report.ops = op_records(graph, priced.ops);
  }
  sort_tree(report.root, options.sort);
  if (options.hide_zero) hide_zero_rows(report.root);
  if (options.max_depth) prune_tree(report.root, *options.max_depth);
  return report;
}

}  // namespace graphstat
