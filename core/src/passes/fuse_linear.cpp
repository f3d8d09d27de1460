// nn.Linear on a tensor of rank 3 or more, as torch.onnx.export writes it:
//
//   y = Add(bias, MatMul(x, Transpose(weight)))
//
// becomes linear(x, weight, bias) -> y, the op aten::linear maps to. Left alone, the Transpose
// of the weight would count the weight's bytes three times (read, written, read again by the
// MatMul) and the bias add would read and write the whole output once more. Gemm needs no
// rewrite: it is priced, and its memory counted, exactly as linear already.

#include "pattern_index.hpp"

namespace graphstat::passes {
namespace {

bool is_weight(const Tensor& t) {
  return t.role == TensorRole::parameter || t.role == TensorRole::buffer;
}

bool has_perm(const OpNode& node, const std::vector<std::int64_t>& perm) {
  return node.attr_ints("perm") == perm;
}

}  // namespace

std::optional<Projection> projection_from(const PatternIndex& index, OpId product,
                                          std::optional<Shape> weight_shape) {
  const OpNode& node = index.op(product);
  if (node.inputs.size() < 2 || node.outputs.size() != 1) return std::nullopt;
  const TensorId x = node.inputs[0];
  if (!index.all_static({x}) || index.tensor(x).shape.empty()) return std::nullopt;
  const auto fits = [&](const Tensor& w) {
    if (!is_weight(w)) return false;
    if (weight_shape) return w.shape == *weight_shape;
    return w.shape.size() == 2 && w.shape[1] == index.tensor(x).shape.back();
  };
  Projection p;
  p.ops.push_back(product);
  // Already one op: Gemm(X, W, b) with W transposed, aten::linear, or a fused MatMul + Add.
  if (node.op == "gemm" || node.op == "linear") {
    if (node.op == "gemm" &&
        (node.attr_int("transA").value_or(0) != 0 || node.attr_int("transB").value_or(0) != 1))
      return std::nullopt;
    if (!fits(index.tensor(node.inputs[1]))) return std::nullopt;
    p.weight = node.inputs[1];
    const Shape bias_shape{index.tensor(p.weight).shape[0]};
    if (node.inputs.size() > 2 && node.inputs[2] != kNoTensor) {
      const Tensor& b = index.tensor(node.inputs[2]);
      if (!is_weight(b) || b.shape != bias_shape) return std::nullopt;
      p.bias = node.inputs[2];
    }
    p.result = node.outputs[0];
    return p;
  }
  if (node.op != "matmul" || node.inputs.size() != 2) return std::nullopt;
  const auto transpose = index.producer(node.inputs[1], "transpose");
  if (!transpose) return std::nullopt;
  const OpNode& t = index.op(*transpose);
  if (!has_perm(t, {1, 0}) || !fits(index.tensor(t.inputs.at(0)))) return std::nullopt;
  p.ops.push_back(*transpose);
  p.weight = t.inputs[0];
  p.result = node.outputs[0];
  const Shape bias_shape{index.tensor(p.weight).shape[0]};
  if (const auto add = index.sole_consumer(p.result, "add")) {
    const OpNode& a = index.op(*add);
    if (a.inputs.size() == 2) {
      const TensorId other = a.inputs[0] == p.result ? a.inputs[1] : a.inputs[0];
      const Tensor& b = index.tensor(other);
      if (other != p.result && is_weight(b) && b.shape == bias_shape) {
        p.ops.push_back(*add);
        p.bias = other;
        p.result = a.outputs.at(0);
      }
    }
  }
  return p;
}

void match_linear(PatternIndex& index, std::vector<Fusion>& out) {
  for (OpId id = 0; id < index.op_count(); ++id) {
    if (!index.is(id, "matmul")) continue;
    const auto p = projection_from(index, id, std::nullopt);
    if (!p) continue;
    Fusion fusion;
    fusion.members = p->ops;
    fusion.fused.op = "linear";
    fusion.fused.inputs = {index.op(id).inputs[0], p->weight, p->bias};
    fusion.fused.outputs = {p->result};
    if (index.try_claim(fusion)) out.push_back(std::move(fusion));
  }
}

}  // namespace graphstat::passes
