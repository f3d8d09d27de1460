#pragma once
/// From a graph to a Report: price every op, then aggregate ops into the module tree.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/graph.hpp"
#include "graphstat/plugin_registry.hpp"
#include "graphstat/report.hpp"

namespace graphstat {

/// Everything measured of one op.
struct OpMeasure {
  std::uint64_t macs = 0;
  std::uint64_t flops = 0;
  std::uint64_t input_bytes = 0;
  std::uint64_t output_bytes = 0;
  std::uint64_t weight_bytes = 0;
  bool priced = false;  ///< False when no cost model prices the op.
  /// False when an operand's shape waits on a symbolic dim: the op is not priced, and only its
  /// static tensors count towards memory.
  bool resolved = true;
  /// Roofline time (0 without a hardware profile): max(FLOPs / peak, bytes / bandwidth).
  double seconds = 0;
  bool compute_bound = false;  ///< FLOPs / peak >= bytes / bandwidth.
  /// Activation bytes alive while the op runs (live_memory.hpp); a row's peak is their maximum.
  std::uint64_t live_bytes = 0;
};

/// Memory traffic of one op, the same rule for every op: activation and constant operands are input
/// bytes, parameter and buffer operands weight bytes, results output bytes. Non-static tensors
/// count 0 bytes and clear `resolved`.
OpMeasure measure_memory(const Graph& graph, Graph::OpId op);

struct PricedGraph {
  std::vector<OpMeasure> ops;  ///< Indexed by op id.
  std::map<std::string, std::uint64_t> unsupported_ops;
  std::vector<UnresolvedOp> unresolved;  ///< In execution order.
};

/// Prices every op with the registry's cost models. An exception from a cost model becomes a
/// graphstat::Error naming the cost model and the op. An op that touches a non-static tensor is
/// not given to any cost model: it is listed in `unresolved`. With strict, an unpriced or an
/// unresolved op is an error.
PricedGraph price_graph(const Graph& graph, const PluginRegistry& plugins, bool strict);

/// Aggregates per-op measures into the module tree (docs/design.md, "The module tree"): ops belong
/// to their module; ops of a module that has submodules become leaf rows named <module>.<op>; a
/// parent sums its children; parameters count once, in the modules whose ops read them. Children
/// are in execution order.
/// With `module_shapes`, each row also gets its input and output shapes (ModuleStats).
ModuleStats build_module_tree(const Graph& graph, const std::vector<OpMeasure>& measures,
                              bool module_shapes = false);

enum class SortKey { name, order, params, macs, flops, memory, time };

std::optional<SortKey> parse_sort_key(std::string_view text);

/// Orders siblings at every level. name: natural order (layer2 < layer10), as the seed; order:
/// execution order; the others: largest first.
void sort_tree(ModuleStats& root, SortKey key);

/// Drops rows deeper than max_depth (the root is depth 0); parameter rows count as one level below
/// their module.
void prune_tree(ModuleStats& root, int max_depth);

/// A hardware target for the roofline estimate: its peak at the chosen precision and bandwidth.
struct RooflineTarget {
  std::string profile;
  std::string precision;
  double peak_ops_per_s = 0;
  double memory_bytes_per_s = 0;
};

/// Sets each priced op's seconds = max(FLOPs / peak, bytes / bandwidth) and its bound. Unpriced and
/// unresolved ops take their memory time only: the rows they are in are lower bounds already.
void estimate_op_times(std::vector<OpMeasure>& measures, const RooflineTarget& target);

/// The `count` leaf rows of the tree with the largest estimated time, with why each is slow.
std::vector<Bottleneck> find_bottlenecks(const ModuleStats& root, const RooflineTarget& target,
                                         std::size_t count);

/// Totals per canonical op type, the largest `metric` first (ties by name).
std::vector<OpTypeTotals> totals_by_op(const Graph& graph, const std::vector<OpMeasure>& measures,
                                       Metric metric);

/// Every op in execution order with its shapes and measures.
std::vector<OpRecord> op_records(const Graph& graph, const std::vector<OpMeasure>& measures);

struct ReportOptions {
  Metric metric = Metric::macs;
  SortKey sort = SortKey::name;
  std::optional<int> max_depth;
  bool strict = false;
  std::optional<RooflineTarget> roofline;  ///< With --hardware.
  std::size_t bottlenecks = 5;             ///< How many rows the bottleneck list names.
  ReportView view = ReportView::modules;
  bool hide_zero = false;
  std::vector<Column> columns;  ///< --columns; empty: the formatter's default.
};

/// Drops rows (below the root) whose parameters, MACs, FLOPs and memory are all zero.
void hide_zero_rows(ModuleStats& root);

/// price_graph + build_module_tree + sort_tree + prune_tree: the finished Report for a graph.
Report make_report(const Graph& graph, const PluginRegistry& plugins, const ReportOptions& options);

/// Natural string order: digit runs compare as numbers ("layer1.2" < "layer1.10").
bool natural_less(std::string_view a, std::string_view b);

}  // namespace graphstat
