// SiLU (swish) as torch.onnx.export writes nn.SiLU and F.silu below opset 22, and as hand-written
// models spell it (x * torch.sigmoid(x)):
//
//   y = Mul(x, Sigmoid(x))      (either operand order)
//
// becomes silu(x) -> y, as aten::silu, so that a Llama MLP has the same rows from .pt and .onnx.
// The elementwise plugin prices silu at 4 FLOPs per element: sigmoid's 3 and the product's 1.

#include "pattern_index.hpp"

namespace graphstat::passes {
namespace {

std::optional<Fusion> silu_at(const PatternIndex& index, OpId sigmoid_op) {
  const OpNode& sigmoid = index.op(sigmoid_op);
  if (sigmoid.inputs.size() != 1 || sigmoid.outputs.size() != 1) return std::nullopt;
  const TensorId x = sigmoid.inputs[0];
  const TensorId gate = sigmoid.outputs[0];
  if (x == kNoTensor || gate == kNoTensor) return std::nullopt;
  const auto product = index.sole_consumer(gate, "mul");
  if (!product) return std::nullopt;
  const OpNode& mul = index.op(*product);
  if (mul.inputs.size() != 2 || mul.outputs.size() != 1) return std::nullopt;
  const bool x_times_gate = (mul.inputs[0] == x && mul.inputs[1] == gate) ||
                            (mul.inputs[0] == gate && mul.inputs[1] == x);
  const TensorId y = mul.outputs[0];
  if (!x_times_gate || !index.all_static({x, gate, y})) return std::nullopt;
  // No broadcasting and no type change: y is x's shape and dtype.
  if (index.tensor(y).shape != index.tensor(x).shape ||
      index.tensor(y).dtype != index.tensor(x).dtype)
    return std::nullopt;
  Fusion fusion;
  fusion.members = {sigmoid_op, *product};
  fusion.fused.op = "silu";
  fusion.fused.inputs = {x};
  fusion.fused.outputs = {y};
  return fusion;
}

}  // namespace

void match_silu(PatternIndex& index, std::vector<Fusion>& out) {
  for (OpId id = 0; id < index.op_count(); ++id) {
    if (!index.is(id, "sigmoid")) continue;
    auto fusion = silu_at(index, id);
    if (fusion && index.try_claim(*fusion)) out.push_back(std::move(*fusion));
  }
}

}  // namespace graphstat::passes
