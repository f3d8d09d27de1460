#pragma once
/// graphstat's graph IR: what every frontend builds and everything downstream reads.
///
/// Ops are vertices of a boost::adjacency_list; a data edge runs from the op that produces a tensor
/// to each op that consumes it, and carries that tensor's id. Tensors themselves (shape, dtype,
/// role) live in a table owned by the graph, because parameters and graph inputs have no producing
/// op, and because an op's operands are ordered (a conv's input 0 is data, input 1 its weight):
/// each op keeps its ordered input and output tensor ids. Nothing in the IR says which frontend
/// built it.
///
/// This header is part of the plugin ABI (see plugin.hpp): changing a layout here means bumping
/// kPluginAbiVersion.

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "graphstat/dtype.hpp"

namespace graphstat {

using TensorId = std::uint32_t;
/// Marks an absent optional operand (an ONNX Conv without bias keeps its bias slot empty).
inline constexpr TensorId kNoTensor = std::numeric_limits<TensorId>::max();

/// What a tensor is to the model. Parameters and buffers are "weights" for memory traffic; only
/// parameters count towards #Parameters (batch norm's running statistics are buffers).
enum class TensorRole { activation, parameter, buffer, constant };

std::string_view role_name(TensorRole role);
std::optional<TensorRole> parse_role(std::string_view name);

using Shape = std::vector<std::int64_t>;

/// The value a symbolic dim holds in Tensor::shape; never a real size.
inline constexpr std::int64_t kSymbolicDim = -1;

/// What is not known of a tensor's shape. Unknown is a value, not an error: a dim that depends on
/// data (the boxes NMS keeps, a Loop's trip count) or that no shape rule could give stays a named
/// symbol, flows through the graph, and marks every op that touches it as unresolved, so the rest
/// of the model is still priced exactly. A user binds symbols by name (`--dim num_boxes=100`).
struct SymbolicShape {
  /// Known rank: one name per dim of Tensor::shape, the symbol where shape[i] == kSymbolicDim and
  /// "" where the dim is concrete. Unknown rank: empty.
  std::vector<std::string> dims;
  bool rank_known = true;
  /// The symbols (or, for a shape no rule gives, the reason) the shape waits on; sorted, unique.
  std::vector<std::string> waits_on;
};

struct Tensor {
  std::string name;
  Shape shape;  ///< Empty for a scalar; kSymbolicDim where a dim is symbolic.
  DType dtype = DType::float32;
  TensorRole role = TensorRole::activation;
  /// For a parameter: whether it trains (requires_grad), when the file says. TorchScript does;
  /// ONNX does not (absent).
  std::optional<bool> trainable{};
  /// Set when the shape is not fully known; then numel() and bytes() are 0 (absent, not guessed).
  std::optional<SymbolicShape> symbolic{};

  bool is_static() const { return !symbolic.has_value(); }
  /// Element count; 0 for a non-static tensor. Throws graphstat::Error when it overflows 64 bits.
  std::uint64_t numel() const;
  /// numel() times the element size, overflow-checked.
  std::uint64_t bytes() const;
};

/// A symbolic dim given a value: by the user (`--dim N=8`, a config's `dims:`) or by default (an
/// unbound input dim such as a dynamic batch is 1). Every binding a report used is shown with it.
struct DimBinding {
  std::string name;
  std::int64_t value = 0;
  bool defaulted = false;  ///< True when no one gave it and the frontend chose the default.
  /// The `--dim` glob pattern that bound it (`*.count`); empty when bound by its exact name.
  std::string pattern{};
};

/// Typed op attributes (strides, groups, an einsum equation, ...).
using AttrValue =
    std::variant<std::int64_t, double, std::string, std::vector<std::int64_t>, std::vector<double>>;

struct OpNode {
  std::string name;       ///< Unique within the graph, e.g. "/layer1/layer1.0/conv1/Conv".
  std::string op;         ///< Canonical op priced by cost models, e.g. "conv" (docs/cost-model.md).
  std::string source_op;  ///< The op as the frontend saw it, e.g. "Conv" or "aten::_convolution".
  std::string module;     ///< Dotted path of the module that executed it; "" is the model itself.
  std::map<std::string, AttrValue, std::less<>> attrs;
  std::vector<TensorId> inputs;  ///< Ordered operands; kNoTensor for an absent optional one.
  std::vector<TensorId> outputs;

  std::optional<std::int64_t> attr_int(std::string_view key) const;
  std::optional<double> attr_float(std::string_view key) const;
  std::optional<std::string> attr_string(std::string_view key) const;
  std::optional<std::vector<std::int64_t>> attr_ints(std::string_view key) const;
};

struct DataEdge {
  TensorId tensor = kNoTensor;
};

class Graph {
 public:
  // The edge list stays Boost's default (a list): a vector edge list leaves the stored edges
  // pointing into storage that moves when it grows, which UBSan caught.
  using Topology =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, OpNode, DataEdge>;
  using OpId = Topology::vertex_descriptor;

  /// Adds a tensor; names must be unique (throws graphstat::Error otherwise).
  TensorId add_tensor(Tensor tensor);
  std::optional<TensorId> find_tensor(std::string_view name) const;
  const Tensor& tensor(TensorId id) const { return tensors_.at(id); }
  Tensor& tensor(TensorId id) { return tensors_.at(id); }
  std::size_t tensor_count() const { return tensors_.size(); }

  /// Adds an op whose input and output tensors already exist. Ops must be added in execution
  /// (topological) order: an input produced later than its consumer is an error.
  OpId add_op(OpNode op);
  const OpNode& op(OpId id) const { return topology_[id]; }
  /// For passes that edit an op's attributes. Its inputs and outputs must stay as they are: the
  /// graph's edges were built from them.
  OpNode& op(OpId id) { return topology_[id]; }
  std::size_t op_count() const { return boost::num_vertices(topology_); }
  /// The op that produces a tensor, or nothing for graph inputs, parameters and constants.
  std::optional<OpId> producer(TensorId id) const;

  const Topology& topology() const { return topology_; }

  std::string name;                  ///< Model name, e.g. "resnet18".
  std::vector<DimBinding> bindings;  ///< Symbolic dims the frontend bound, in the order it did.
  std::vector<std::string> notes;    ///< One-line remarks for the user (a defaulted dim, ...).
  std::vector<TensorId> inputs;      ///< Graph inputs, in order.
  std::vector<TensorId> outputs;     ///< Graph outputs, in order.

  /// Capacity hint for frontends that know the sizes up front.
  void reserve_tensors(std::size_t tensors);

 private:
  static constexpr std::uint32_t kNoProducer = std::numeric_limits<std::uint32_t>::max();
  Topology topology_;
  std::vector<Tensor> tensors_;
  std::vector<std::uint32_t> producer_;        // Parallel to tensors_.
  std::vector<std::uint32_t> first_consumer_;  // Parallel to tensors_; catches out-of-order ops.
  std::unordered_map<std::string, TensorId> by_name_;
};

/// "(64, 3, 7, 7)" — the tuple notation of the seed's parameter rows; "()" for a scalar.
std::string format_shape_tuple(const Shape& shape);
/// Like format_shape_tuple, with symbolic dims by name: "(num_boxes, 256, 7, 7)"; "(?)" for an
/// unknown rank.
std::string format_tensor_shape(const Tensor& tensor);

/// Sorted union of what the non-static tensors among `ids` wait on (kNoTensor ids are skipped).
std::vector<std::string> symbols_waited_on(const Graph& graph, const std::vector<TensorId>& ids);

}  // namespace graphstat
