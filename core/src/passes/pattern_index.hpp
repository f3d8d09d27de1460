#pragma once
// What every pattern matcher needs: who reads each tensor, which ops an earlier match already
// took, and the one rule that makes a fusion safe (no intermediate read outside the pattern).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/graph.hpp"

namespace graphstat::passes {

using OpId = Graph::OpId;

/// A matched pattern: the ops it replaces and the op that replaces them. `fused` names its
/// canonical op, attributes and operands (ids of the original graph); rewrite() fills in the name,
/// the module and the source op.
struct Fusion {
  std::vector<OpId> members;
  OpNode fused;
};

class PatternIndex {
 public:
  explicit PatternIndex(const Graph& graph);

  const Graph& graph() const { return graph_; }
  std::size_t op_count() const { return graph_.op_count(); }
  const OpNode& op(OpId id) const { return graph_.op(id); }
  const Tensor& tensor(TensorId id) const { return graph_.tensor(id); }
  /// True when the op is canonical op `name` and no earlier match took it.
  bool is(OpId id, std::string_view name) const;

  /// The op writing `t`, when it is an unclaimed `name` op.
  std::optional<OpId> producer(TensorId t, std::string_view name) const;
  /// The distinct ops reading `t`, in execution order.
  const std::vector<OpId>& consumers(TensorId t) const { return consumers_.at(t); }
  /// The only op reading `t`, when it is an unclaimed `name` op and `t` is not a graph output.
  std::optional<OpId> sole_consumer(TensorId t, std::string_view name) const;

  /// True when every operand of `op` but the one at `main` is absent or a constant scalar (the
  /// ONNX frontend drops Constant-node operands of elementwise ops: x / sqrt(2) reads only x).
  bool scalars_besides(OpId op, std::size_t main) const;
  /// Static shape, or nothing for a tensor whose shape is not fully known.
  bool all_static(const std::vector<TensorId>& ids) const;

  /// Takes the fusion when it is safe: its ops are unclaimed, every tensor they write except the
  /// fused outputs is read only by them and is not a graph output, and every fused output is
  /// written by one of them. Returns false (and takes nothing) otherwise.
  bool try_claim(const Fusion& fusion);

 private:
  const Graph& graph_;
  std::vector<std::vector<OpId>> consumers_;  // By tensor id.
  std::vector<bool> graph_output_;            // By tensor id.
  std::vector<bool> claimed_;                 // By op id.
};

/// A linear projection X·Wᵀ (+ b) as exporters write nn.Linear: MatMul(X, Transpose(W)) with an
/// optional Add of the bias, or Gemm(X, W, b) with transB.
struct Projection {
  std::vector<OpId> ops;
  TensorId weight = kNoTensor;  ///< (out, in), a parameter.
  TensorId bias = kNoTensor;    ///< (out), a parameter, or kNoTensor.
  TensorId result = kNoTensor;
};

/// The projection starting at `product` (a matmul or gemm). With `weight_shape`, the weight must
/// have it; without, any (out, in) weight whose `in` is X's last dim.
std::optional<Projection> projection_from(const PatternIndex& index, OpId product,
                                          std::optional<Shape> weight_shape);

/// The graph with every fusion applied: each fused op takes the place of the last op of its
/// pattern, tensors keep their order, intermediates are dropped. Each op of `elided` (one input,
/// one output) is removed and its readers read its input instead.
Graph rewrite(const Graph& graph, const std::vector<Fusion>& fusions,
              const std::vector<OpId>& elided);

/// Ops that are the identity at inference and move no data: dropout (torch.onnx.export leaves it
/// out, TorchScript keeps aten::dropout), a slice that keeps every element (x[:, 0] traces as
/// a full aten::slice of dim 0 before the select; ONNX has only the Gather) and contiguous (ONNX
/// has no layouts: the transpose before it is the op that moves the data). Claims them and
/// appends them to `out` when their output has their input's shape and dtype and any other
/// output (dropout's mask) is unread.
void match_identities(PatternIndex& index, std::vector<OpId>& out);

/// Matchers: each scans the graph and appends the fusions it could claim.
void match_attention(PatternIndex& index, std::vector<Fusion>& out);
void match_layer_norm(PatternIndex& index, std::vector<Fusion>& out);
void match_gelu(PatternIndex& index, std::vector<Fusion>& out);
void match_silu(PatternIndex& index, std::vector<Fusion>& out);
void match_linear(PatternIndex& index, std::vector<Fusion>& out);
void match_transpose_chains(PatternIndex& index, std::vector<Fusion>& out);

}  // namespace graphstat::passes
