// The exact (erf) gelu as torch.onnx.export writes nn.GELU below opset 20:
//
//   y = Mul(Mul(x, Add(Erf(Div(x, sqrt 2)), 1)), 0.5)      (or the 0.5 applied to x first)
//
// becomes gelu(x) -> y, 5 FLOPs per element in the elementwise plugin, as aten::gelu. The
// constants (sqrt 2, 1, 0.5) are Constant nodes that the ONNX frontend drops as plumbing, so the
// match is structural: an Erf of a scaled x whose result is shifted and multiplied back into x.

#include "pattern_index.hpp"

namespace graphstat::passes {
namespace {

// The x of `op` when it is x scaled by a constant: Div(x, c), Mul(x, c) or Mul(c, x).
std::optional<TensorId> scaled_input(const PatternIndex& index, OpId op) {
  const OpNode& node = index.op(op);
  if (node.inputs.empty()) return std::nullopt;
  if ((node.op == "div" || node.op == "mul") && index.scalars_besides(op, 0)) return node.inputs[0];
  if (node.op == "mul" && node.inputs.size() == 2 && index.scalars_besides(op, 1))
    return node.inputs[1];
  return std::nullopt;
}

// The operand of a two-operand `mul` that is not `known`.
std::optional<TensorId> other_factor(const OpNode& mul, TensorId known) {
  if (mul.inputs.size() != 2) return std::nullopt;
  if (mul.inputs[0] == known) return mul.inputs[1];
  if (mul.inputs[1] == known) return mul.inputs[0];
  return std::nullopt;
}

std::optional<Fusion> gelu_at(const PatternIndex& index, OpId erf_op) {
  const OpNode& erf = index.op(erf_op);
  if (erf.inputs.size() != 1 || erf.outputs.size() != 1) return std::nullopt;
  const auto producer = index.graph().producer(erf.inputs[0]);
  if (!producer || !(index.is(*producer, "div") || index.is(*producer, "mul"))) return std::nullopt;
  const auto x = scaled_input(index, *producer);
  if (!x || !index.all_static({*x, erf.outputs[0]})) return std::nullopt;
  const Shape& shape = index.tensor(*x).shape;

  const auto plus_one = index.sole_consumer(erf.outputs[0], "add");
  if (!plus_one || index.op(*plus_one).inputs.empty()) return std::nullopt;
  const std::size_t main = index.op(*plus_one).inputs[0] == erf.outputs[0] ? 0 : 1;
  if (!index.scalars_besides(*plus_one, main)) return std::nullopt;
  const TensorId shifted = index.op(*plus_one).outputs.at(0);
  const auto product = index.sole_consumer(shifted, "mul");
  if (!product) return std::nullopt;
  const auto factor = other_factor(index.op(*product), shifted);
  if (!factor) return std::nullopt;

  Fusion fusion;
  fusion.members = {*producer, erf_op, *plus_one, *product};
  TensorId y = index.op(*product).outputs.at(0);
  if (*factor == *x) {
    // x · (1 + erf) first, then · 0.5.
    const auto half = index.sole_consumer(y, "mul");
    if (!half || index.op(*half).inputs.empty()) return std::nullopt;
    const std::size_t at = index.op(*half).inputs[0] == y ? 0 : 1;
    if (!index.scalars_besides(*half, at)) return std::nullopt;
    fusion.members.push_back(*half);
    y = index.op(*half).outputs.at(0);
  } else {
    // (x · 0.5) · (1 + erf).
    const auto half = index.graph().producer(*factor);
    if (!half || !index.is(*half, "mul") || scaled_input(index, *half) != x) return std::nullopt;
    fusion.members.push_back(*half);
  }
  for (const TensorId t : {erf.inputs[0], erf.outputs[0], shifted, y}) {
    if (index.tensor(t).shape != shape) return std::nullopt;
  }
  fusion.fused.op = "gelu";
  fusion.fused.inputs = {*x};
  fusion.fused.outputs = {y};
  return fusion;
}

}  // namespace

void match_gelu(PatternIndex& index, std::vector<Fusion>& out) {
  for (OpId id = 0; id < index.op_count(); ++id) {
    if (!index.is(id, "erf")) continue;
    auto fusion = gelu_at(index, id);
    if (fusion && index.try_claim(*fusion)) out.push_back(std::move(*fusion));
  }
}

}  // namespace graphstat::passes
