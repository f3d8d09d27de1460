#pragma once
/// The finished result that formatters render: a tree of ModuleStats plus totals and the list of
/// ops no cost model priced. Built by the core (module_tree.hpp); read-only to formatters.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graphstat/columns.hpp"
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
  /// Of those, the ones the file marks frozen (requires_grad false), and the ones whose file says
  /// nothing either way (ONNX): trainable = params - frozen - unknown.
  std::uint64_t frozen_params = 0;
  std::uint64_t unknown_trainability_params = 0;
  std::uint64_t macs = 0;
  std::uint64_t flops = 0;
  std::uint64_t input_bytes = 0;   ///< Activations and constants read.
  std::uint64_t output_bytes = 0;  ///< Tensors written.
  std::uint64_t weight_bytes = 0;  ///< Parameters and buffers read.
  std::uint64_t op_count = 0;      ///< Ops executed in this subtree.
  /// Peak live activation memory while the subtree's ops run: the most activation bytes alive at
  /// once (the whole model's, not only the subtree's tensors) during any of them. A parent's is the
  /// largest of its children's, not their sum. docs/cost-model.md, "Peak live memory".
  std::uint64_t peak_live_bytes = 0;
  /// Times execution entered this subtree: runs of consecutive ops in it (a shared ReLU called
  /// twice: 2; an op row: its ops not adjacent to each other).
  std::uint64_t calls = 0;
  /// Distinct shapes, in first-use order, of the activations the subtree reads from outside it,
  /// and of what it writes that is read outside it or is a graph output: "(1, 64, 56, 56)".
  /// Filled only when a column shows them (input_shapes, output_shapes).
  std::vector<std::string> input_shapes;
  std::vector<std::string> output_shapes;
  /// Ops of this subtree whose shapes wait on unbound symbolic dims: not priced, and their unknown
  /// tensors carry no bytes. When non-zero, every figure of the row is a lower bound.
  std::uint64_t unresolved_ops = 0;
  std::uint64_t first_op = 0;  ///< Execution index of the subtree's first op (for --sort order).
  /// Roofline estimate (with a hardware profile, else 0): the sum of the subtree's op times, each
  /// max(FLOPs / peak, bytes / bandwidth), and the part of it spent in compute-bound ops.
  double seconds = 0;
  double compute_bound_seconds = 0;

  std::vector<ParamRow> param_rows;  ///< Parameters this module's own ops read.
  std::vector<ModuleStats> children;

  std::uint64_t memory_bytes() const { return input_bytes + output_bytes + weight_bytes; }
  /// True when the file says, of every parameter of the row, whether it trains.
  bool trainability_known() const { return unknown_trainability_params == 0; }
  std::uint64_t trainable_params() const {
    return params - frozen_params - unknown_trainability_params;
  }
  /// True when the row's figures are lower bounds (some op below waits on a symbolic dim).
  bool is_lower_bound() const { return unresolved_ops != 0; }
  std::uint64_t metric_value(Metric metric) const { return metric == Metric::macs ? macs : flops; }
  /// FLOPs per byte of memory traffic; 0 when there is no traffic.
  double arithmetic_intensity() const;
  /// Most of the row's estimated time is in compute-bound ops (else memory-bound).
  bool compute_bound() const { return compute_bound_seconds * 2 >= seconds && seconds > 0; }
};

/// An op whose cost depends on a dim nobody bound: listed under the table with what it waits on.
struct UnresolvedOp {
  std::string name;                   ///< The op's unique name in the graph.
  std::string source_op;              ///< The op as the frontend saw it.
  std::string module;                 ///< Dotted module path; "" is the model itself.
  std::vector<std::string> waits_on;  ///< Symbolic dims (or reasons) its shapes depend on.
};

/// Totals of one canonical op type (--by-op): what fvcore's by_operator gives, every op included.
struct OpTypeTotals {
  std::string op;  ///< Canonical op name ("conv", "add", ...).
  std::uint64_t count = 0;
  std::uint64_t macs = 0;
  std::uint64_t flops = 0;
  std::uint64_t input_bytes = 0;
  std::uint64_t output_bytes = 0;
  std::uint64_t weight_bytes = 0;
  std::uint64_t unpriced = 0;    ///< Ops of this type no cost model priced.
  std::uint64_t unresolved = 0;  ///< Ops of this type waiting on an unbound dim.
  double seconds = 0;            ///< With a hardware profile.
  std::uint64_t memory_bytes() const { return input_bytes + output_bytes + weight_bytes; }
};

/// One op as executed (--ops): where its figures come from, for anyone who doubts a number.
struct OpRecord {
  std::uint64_t index = 0;  ///< Execution order.
  std::string name;
  std::string op;                         ///< Canonical.
  std::string source_op;                  ///< As the frontend saw it.
  std::string module;                     ///< "" is the model itself.
  std::vector<std::string> input_shapes;  ///< "(1, 64, 56, 56)"; "-" for an absent operand.
  std::vector<std::string> output_shapes;
  std::uint64_t macs = 0;
  std::uint64_t flops = 0;
  std::uint64_t input_bytes = 0;
  std::uint64_t output_bytes = 0;
  std::uint64_t weight_bytes = 0;
  bool priced = false;
  bool resolved = true;
  double seconds = 0;
  std::uint64_t memory_bytes() const { return input_bytes + output_bytes + weight_bytes; }
};

/// What the report's table shows.
enum class ReportView {
  modules,  ///< The module tree (default).
  by_op,    ///< Totals per canonical op type.
  ops,      ///< Every op in execution order.
};

/// A row that takes a large share of the estimated time, and why.
struct Bottleneck {
  std::string module;  ///< The row's full name.
  double seconds = 0;
  double share = 0;  ///< Of the model's estimated time, 0..1.
  bool compute_bound = false;
  std::string why;  ///< "memory-bound: 6.42MB at 2039 GB/s = 3.15µs; 0 FLOPs", ...
};

/// The hardware a roofline estimate was made for, and what it found.
struct RooflineSummary {
  std::string profile;    ///< The profile's display name.
  std::string precision;  ///< fp32, fp16, ...: the peak used and the size tensors were priced at.
  double peak_ops_per_s = 0;
  double memory_bytes_per_s = 0;
  /// FLOPs per byte at which an op turns from memory- to compute-bound: peak / bandwidth.
  double ridge_point() const { return peak_ops_per_s / memory_bytes_per_s; }
  std::vector<Bottleneck> bottlenecks;  ///< Leaf rows by estimated time, largest first.
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
  /// Set when a hardware profile was given (--hardware).
  std::optional<RooflineSummary> roofline;
  ReportView view = ReportView::modules;
  /// Set when --only or --module restricted the ops counted: "ops conv; modules layer3.*".
  std::string filter;
  /// With view by_op: one entry per canonical op type, largest metric first. They sum exactly to
  /// the root's figures.
  std::vector<OpTypeTotals> by_op;
  /// With view ops: every op, in execution order.
  std::vector<OpRecord> ops;
  /// The chosen columns of the module table (--columns); empty: the formatter's default.
  std::vector<Column> columns;
  /// The text goes to a terminal that shows ANSI colors (--color): a formatter that writes for a
  /// terminal may color rows by bound or intensity. Never set for an --output file.
  bool color = false;
};

}  // namespace graphstat
