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

struct Tensor {
  std::string name;
  Shape shape;  ///< Empty for a scalar.
  DType dtype = DType::float32;
  TensorRole role = TensorRole::activation;

  std::uint64_t numel() const;
  std::uint64_t bytes() const { return numel() * dtype_size(dtype); }
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
  std::size_t op_count() const { return boost::num_vertices(topology_); }
  /// The op that produces a tensor, or nothing for graph inputs, parameters and constants.
  std::optional<OpId> producer(TensorId id) const;

  const Topology& topology() const { return topology_; }

  std::string name;               ///< Model name, e.g. "resnet18".
  std::vector<TensorId> inputs;   ///< Graph inputs, in order.
  std::vector<TensorId> outputs;  ///< Graph outputs, in order.

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

}  // namespace graphstat
