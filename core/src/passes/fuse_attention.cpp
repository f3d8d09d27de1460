// Self-attention as torch.onnx.export (torch 1.13) writes nn.MultiheadAttention:
//
//   t  = Transpose(x, [1,0,2])                       only when batch_first: (B,L,E) -> (L,B,E)
//   p  = Add(in_proj_bias, MatMul(t, Transpose(in_proj_weight)))            (L, B, 3E)
//   q, k, v = Slice(p) x3 | Split(p)                                        (L, B, E) each
//   q' = Div(Transpose(Reshape(q)), sqrt(hd))                               (B*H, L, hd)
//   k' = Transpose(Reshape(k), [1,2,0]);  v' = Transpose(Reshape(v))
//   o  = MatMul(Softmax(MatMul(q', k')), v')                                (B*H, L, hd)
//   y  = [Transpose(Reshape(] Gemm(Reshape(Transpose(o)), out_proj.weight, out_proj.bias) [))]
//
// TorchScript gives the same computation op by op when nn.MultiheadAttention is scripted (its fast
// path is not taken): the projections are already aten::linear, the split is aten::chunk, and k
// is transposed by its own aten::transpose before aten::bmm. Both forms match.
//
// becomes multi_head_attention(x, x, x, in_proj_weight, in_proj_bias, out_proj.weight,
// out_proj.bias) -> y with num_heads and batch_first, the op and operands the TorchScript frontend
// gives for aten::_native_multi_head_attention, priced by the matmul plugin. The match starts at
// the Softmax and walks out along the data; only data movement (Transpose, Reshape, Slice, Split)
// and one scaling may sit between the products.

#include <algorithm>
#include <set>

#include "pattern_index.hpp"

namespace graphstat::passes {
namespace {

constexpr int kMaxSteps = 8;  // Longest chain of data movement between two products.

struct Trace {
  std::vector<OpId> ops;
  TensorId source = kNoTensor;
};

bool is_movement(const PatternIndex& index, OpId op) {
  return index.is(op, "transpose") || index.is(op, "reshape");
}

bool is_scaling(const PatternIndex& index, OpId op) {
  return (index.is(op, "div") || index.is(op, "mul")) && index.scalars_besides(op, 0);
}

bool has_perm(const OpNode& node, const std::vector<std::int64_t>& perm) {
  return node.attr_ints("perm") == perm;
}

// From an operand of a product back to the projection it was sliced from.
std::optional<Trace> trace_to_projection(const PatternIndex& index, TensorId t) {
  Trace trace;
  for (int step = 0; step < kMaxSteps; ++step) {
    const auto producer = index.graph().producer(t);
    if (!producer) return std::nullopt;
    trace.ops.push_back(*producer);
    if (index.is(*producer, "slice") || index.is(*producer, "split")) {
      trace.source = index.op(*producer).inputs.at(0);
      return trace;
    }
    if (!is_movement(index, *producer) && !is_scaling(index, *producer)) return std::nullopt;
    t = index.op(*producer).inputs.at(0);
  }
  return std::nullopt;
}

// The only reader of `t` when it is an unclaimed transpose or reshape.
std::optional<OpId> movement_after(const PatternIndex& index, TensorId t) {
  if (auto op = index.sole_consumer(t, "transpose")) return op;
  return index.sole_consumer(t, "reshape");
}

std::optional<Fusion> attention_at(const PatternIndex& index, OpId softmax_op) {
  const OpNode& softmax = index.op(softmax_op);
  if (softmax.inputs.size() != 1 || softmax.outputs.size() != 1) return std::nullopt;
  Fusion fusion;
  fusion.members.push_back(softmax_op);
  // The scores, possibly scaled after the product instead of q before it.
  TensorId scores = softmax.inputs[0];
  auto qk = index.producer(scores, "matmul");
  if (!qk) {
    const auto scale = index.graph().producer(scores);
    if (!scale || !is_scaling(index, *scale)) return std::nullopt;
    fusion.members.push_back(*scale);
    qk = index.producer(index.op(*scale).inputs.at(0), "matmul");
    if (!qk) return std::nullopt;
  }
  const auto av = index.sole_consumer(softmax.outputs[0], "matmul");
  if (!av || index.op(*av).inputs.at(0) != softmax.outputs[0]) return std::nullopt;
  fusion.members.push_back(*qk);
  fusion.members.push_back(*av);

  const auto q = trace_to_projection(index, index.op(*qk).inputs.at(0));
  const auto k = trace_to_projection(index, index.op(*qk).inputs.at(1));
  const auto v = trace_to_projection(index, index.op(*av).inputs.at(1));
  if (!q || !k || !v || q->source != k->source || q->source != v->source) return std::nullopt;
  for (const Trace* trace : {&*q, &*k, &*v})
    fusion.members.insert(fusion.members.end(), trace->ops.begin(), trace->ops.end());

  // In-projection: the product that made the sliced tensor, fed by x (transposed if batch_first).
  const TensorId packed = q->source;
  std::optional<OpId> in_product;
  if (const auto add = index.producer(packed, "add")) {
    for (const TensorId operand : index.op(*add).inputs) {
      if (const auto m = index.producer(operand, "matmul")) in_product = m;
    }
  } else if (const auto gemm = index.producer(packed, "gemm")) {
    in_product = gemm;
  } else if (const auto linear = index.producer(packed, "linear")) {
    in_product = linear;
  } else {
    in_product = index.producer(packed, "matmul");
  }
  if (!in_product) return std::nullopt;
  TensorId x = index.op(*in_product).inputs.at(0);
  bool batch_first = false;
  std::vector<OpId> lead;
  if (const auto t = index.producer(x, "transpose"); t && has_perm(index.op(*t), {1, 0, 2})) {
    lead.push_back(*t);
    x = index.op(*t).inputs.at(0);
    batch_first = true;
  }
  if (!index.all_static({x}) || index.tensor(x).shape.size() != 3) return std::nullopt;
  const Shape x_shape = index.tensor(x).shape;
  const std::int64_t e = x_shape[2];
  const auto in_proj = projection_from(index, *in_product, Shape{3 * e, e});
  if (!in_proj || in_proj->result != packed) return std::nullopt;
  fusion.members.insert(fusion.members.end(), in_proj->ops.begin(), in_proj->ops.end());
  fusion.members.insert(fusion.members.end(), lead.begin(), lead.end());

  // Out of A·V: data movement to the out-projection, then back to x's layout.
  TensorId t = index.op(*av).outputs.at(0);
  std::optional<Projection> out_proj;
  for (int step = 0; step < kMaxSteps && !out_proj; ++step) {
    if (const auto m = movement_after(index, t)) {
      fusion.members.push_back(*m);
      t = index.op(*m).outputs.at(0);
      continue;
    }
    std::optional<OpId> product = index.sole_consumer(t, "gemm");
    if (!product) product = index.sole_consumer(t, "matmul");
    if (!product) product = index.sole_consumer(t, "linear");
    if (!product) return std::nullopt;
    out_proj = projection_from(index, *product, Shape{e, e});
    if (!out_proj) return std::nullopt;
  }
  if (!out_proj) return std::nullopt;
  fusion.members.insert(fusion.members.end(), out_proj->ops.begin(), out_proj->ops.end());
  t = out_proj->result;
  bool transposed_back = !batch_first;
  for (int step = 0; step < kMaxSteps; ++step) {
    if (index.tensor(t).shape == x_shape && transposed_back) break;
    const auto m = movement_after(index, t);
    if (!m) return std::nullopt;
    fusion.members.push_back(*m);
    transposed_back = transposed_back || has_perm(index.op(*m), {1, 0, 2});
    t = index.op(*m).outputs.at(0);
  }
  if (index.tensor(t).shape != x_shape) return std::nullopt;

  // Heads from the scores: B·H·L·L elements, with L the sequence length of x.
  const Tensor& s = index.tensor(index.op(*qk).outputs.at(0));
  const std::int64_t batch = x_shape[batch_first ? 0 : 1];
  const std::int64_t length = x_shape[batch_first ? 1 : 0];
  if (!s.is_static() || s.shape.empty() || s.shape.back() != length) return std::nullopt;
  const auto per_head = static_cast<std::uint64_t>(batch * length * length);
  if (per_head == 0 || s.numel() % per_head != 0) return std::nullopt;
  const auto heads = static_cast<std::int64_t>(s.numel() / per_head);
  if (heads <= 0 || e % heads != 0) return std::nullopt;

  std::sort(fusion.members.begin(), fusion.members.end());
  fusion.members.erase(std::unique(fusion.members.begin(), fusion.members.end()),
                       fusion.members.end());
  fusion.fused.op = "multi_head_attention";
  fusion.fused.inputs = {x, x, x, in_proj->weight, in_proj->bias, out_proj->weight, out_proj->bias};
  fusion.fused.outputs = {t};
  fusion.fused.attrs["num_heads"] = heads;
  fusion.fused.attrs["batch_first"] = std::int64_t{batch_first ? 1 : 0};
  fusion.fused.attrs["embed_dim"] = e;
  return fusion;
}

}  // namespace

void match_attention(PatternIndex& index, std::vector<Fusion>& out) {
  for (OpId id = 0; id < index.op_count(); ++id) {
    if (!index.is(id, "softmax")) continue;
    auto fusion = attention_at(index, id);
    if (fusion && index.try_claim(*fusion)) out.push_back(std::move(*fusion));
  }
}

}  // namespace graphstat::passes
