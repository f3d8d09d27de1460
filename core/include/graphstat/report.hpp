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
  std::uint64_t first_op = 0;  ///< Execution index of the subtree's first op (for --sort order).

  std::vector<ParamRow> param_rows;  ///< Parameters this module's own ops read.
  std::vector<ModuleStats> children;

  std::uint64_t memory_bytes() const { return input_bytes + output_bytes + weight_bytes; }
  std::uint64_t metric_value(Metric metric) const { return metric == Metric::macs ? macs : flops; }
  /// FLOPs per byte of memory traffic; 0 when there is no traffic.
  double arithmetic_intensity() const;
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
};

}  // namespace graphstat
