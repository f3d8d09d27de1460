#pragma once
/// The finished result that formatters render: a tree of ModuleStats plus totals and the list of
/// ops no cost model priced. Built by the core (module_tree.hpp); read-only to formatters.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "graphstat/graph.hpp"

namespace graphstat {

enum class Metric { macs, flops };

enum class RowKind {
  model,   ///< The root: the whole model.
  module,  ///< A module of the model (nn.Module, ONNX scope).
  op,      ///< Ops a module's forward called itself (a residual add), named <module>.<op>.
};

struct ParamRow {
  std::string name;  ///< Full dotted name, e.g. "layer1.0.conv1.weight".
  Shape shape;
  std::uint64_t numel = 0;
};

struct ModuleStats {
  std::string name;  ///< Full dotted path; "model" for the root.
  RowKind kind = RowKind::module;
  int depth = 0;  ///< 0 for the root.

  std::uint64_t params = 0;  ///< Distinct parameters in this subtree, each counted once.
  std::uint64_t macs = 0;
  std::uint64_t flops = 0;
  std::uint64_t input_bytes = 0;   ///< Activations and constants read.
  std::uint64_t output_bytes = 0;  ///< Tensors written.
  std::uint64_t weight_bytes = 0;  ///< Parameters and buffers read.
  std::uint64_t op_count = 0;      ///< Ops executed in this subtree.
  /// Ops of this subtree whose shapes wait on unbound symbolic dims: not priced, and their unknown
  /// tensors carry no bytes. When non-zero, every figure of the row is a lower bound.
  std::uint64_t unresolved_ops = 0;
  std::uint64_t first_op = 0;  ///< Execution index of the subtree's first op (for --sort order).

  std::vector<ParamRow> param_rows;  ///< Parameters this module's own ops read.
  std::vector<ModuleStats> children;

  std::uint64_t memory_bytes() const { return input_bytes + output_bytes + weight_bytes; }
  /// True when the row's figures are lower bounds (some op below waits on a symbolic dim).
  bool is_lower_bound() const { return unresolved_ops != 0; }
  std::uint64_t metric_value(Metric metric) const { return metric == Metric::macs ? macs : flops; }
  /// FLOPs per byte of memory traffic; 0 when there is no traffic.
  double arithmetic_intensity() const;
};

/// An op whose cost depends on a dim nobody bound: listed under the table with what it waits on.
struct UnresolvedOp {
  std::string name;                   ///< The op's unique name in the graph.
  std::string source_op;              ///< The op as the frontend saw it.
  std::string module;                 ///< Dotted module path; "" is the model itself.
  std::vector<std::string> waits_on;  ///< Symbolic dims (or reasons) its shapes depend on.
};

struct Report {
  std::string model;     ///< Model name.
  std::string source;    ///< The file analyzed.
  std::string frontend;  ///< Name of the frontend that read it.
  Metric metric = Metric::macs;
  ModuleStats root;
  /// Ops no cost model prices, by the name the frontend saw, with how often they ran. Their memory
  /// is counted; their MACs and FLOPs are not known.
  std::map<std::string, std::uint64_t> unsupported_ops;
  /// Ops not priced because their shapes wait on unbound symbolic dims, in execution order.
  std::vector<UnresolvedOp> unresolved;
  /// Every symbolic dim binding the frontend used (user-given and defaulted).
  std::vector<DimBinding> bindings;
  /// One-line remarks from the frontend (a dim defaulted to 1, ...).
  std::vector<std::string> notes;
};

}  // namespace graphstat
