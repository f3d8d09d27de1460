// Layer norm as exporters spell it below ONNX opset 17 (torch.onnx.export of nn.LayerNorm):
//
//   mu = ReduceMean(x)        over the trailing axes, keepdims
//   d  = Sub(x, mu)
//   sq = Pow(d, 2) | Mul(d, d)
//   v  = ReduceMean(sq)       over the same axes
//   s  = Sqrt(Add(v, eps))
//   n  = Div(d, s)
//   y  = Add(Mul(n, gamma), beta)   (gamma and beta when the module has them)
//
// becomes layer_norm(x, gamma, beta) -> y, which the normalization plugin prices at 5 FLOPs per
// element, exactly as the TorchScript frontend's aten::layer_norm.

#include <functional>
#include <numeric>

#include "pattern_index.hpp"

namespace graphstat::passes {
namespace {

// The first reduced axis when `mean` is `x` reduced over trailing axes with keepdims (leading
// dims equal, trailing dims 1); nothing otherwise.
std::optional<std::size_t> trailing_reduction(const Tensor& x, const Tensor& mean) {
  if (x.shape.empty() || mean.shape.size() != x.shape.size()) return std::nullopt;
  std::size_t axis = x.shape.size();
  while (axis > 0 && mean.shape[axis - 1] == 1 && x.shape[axis - 1] != 1) --axis;
  if (axis == x.shape.size()) return std::nullopt;
  for (std::size_t i = 0; i < axis; ++i) {
    if (mean.shape[i] != x.shape[i]) return std::nullopt;
  }
  return axis;
}

bool reads_exactly(const OpNode& node, std::vector<TensorId> operands) {
  return node.inputs == operands;
}

// The affine parameter of `op` besides `main`: a parameter shaped like the normalized dims.
std::optional<TensorId> affine_operand(const PatternIndex& index, OpId op, TensorId main,
                                       const Shape& normalized) {
  const OpNode& node = index.op(op);
  if (node.inputs.size() != 2) return std::nullopt;
  const TensorId other = node.inputs[0] == main ? node.inputs[1] : node.inputs[0];
  if (other == main || (node.inputs[0] != main && node.inputs[1] != main)) return std::nullopt;
  const Tensor& t = index.tensor(other);
  if (t.role != TensorRole::parameter && t.role != TensorRole::buffer) return std::nullopt;
  if (t.shape != normalized) return std::nullopt;
  return other;
}

std::optional<Fusion> layer_norm_at(const PatternIndex& index, OpId mean_op) {
  const OpNode& mean = index.op(mean_op);
  if (mean.inputs.empty() || mean.outputs.size() != 1) return std::nullopt;
  const TensorId x = mean.inputs[0];
  const TensorId mu = mean.outputs[0];
  if (!index.all_static({x, mu})) return std::nullopt;
  const auto axis = trailing_reduction(index.tensor(x), index.tensor(mu));
  if (!axis) return std::nullopt;
  const Shape& x_shape = index.tensor(x).shape;

  const auto sub = index.sole_consumer(mu, "sub");
  if (!sub || !reads_exactly(index.op(*sub), {x, mu})) return std::nullopt;
  const TensorId d = index.op(*sub).outputs.at(0);
  if (index.tensor(d).shape != x_shape) return std::nullopt;

  // d feeds the square and the division.
  std::optional<OpId> square;
  std::optional<OpId> divide;
  for (const OpId reader : index.consumers(d)) {
    const OpNode& node = index.op(reader);
    if (index.is(reader, "pow") && node.inputs.at(0) == d && index.scalars_besides(reader, 0)) {
      square = reader;
    } else if (index.is(reader, "mul") && reads_exactly(node, {d, d})) {
      square = reader;
    } else if (index.is(reader, "div") && node.inputs.size() == 2 && node.inputs[0] == d) {
      divide = reader;
    }
  }
  if (!square || !divide) return std::nullopt;
  const auto variance = index.sole_consumer(index.op(*square).outputs.at(0), "reduce_mean");
  if (!variance) return std::nullopt;
  const TensorId var = index.op(*variance).outputs.at(0);
  if (index.tensor(var).shape != index.tensor(mu).shape) return std::nullopt;
  const auto epsilon = index.sole_consumer(var, "add");
  if (!epsilon || index.op(*epsilon).inputs.at(0) != var || !index.scalars_besides(*epsilon, 0))
    return std::nullopt;
  const auto root = index.sole_consumer(index.op(*epsilon).outputs.at(0), "sqrt");
  if (!root || index.op(*divide).inputs[1] != index.op(*root).outputs.at(0)) return std::nullopt;

  Fusion fusion;
  fusion.members = {mean_op, *sub, *square, *variance, *epsilon, *root, *divide};
  TensorId y = index.op(*divide).outputs.at(0);
  const Shape normalized(x_shape.begin() + static_cast<std::ptrdiff_t>(*axis), x_shape.end());
  TensorId gamma = kNoTensor;
  TensorId beta = kNoTensor;
  if (const auto scale = index.sole_consumer(y, "mul")) {
    if (const auto g = affine_operand(index, *scale, y, normalized)) {
      gamma = *g;
      fusion.members.push_back(*scale);
      y = index.op(*scale).outputs.at(0);
      if (const auto shift = index.sole_consumer(y, "add")) {
        if (const auto b = affine_operand(index, *shift, y, normalized)) {
          beta = *b;
          fusion.members.push_back(*shift);
          y = index.op(*shift).outputs.at(0);
        }
      }
    }
  }
  if (index.tensor(y).shape != x_shape) return std::nullopt;
  fusion.fused.op = "layer_norm";
  fusion.fused.inputs = {x, gamma, beta};
  fusion.fused.outputs = {y};
  fusion.fused.attrs["axis"] =
      static_cast<std::int64_t>(*axis) - static_cast<std::int64_t>(x_shape.size());
  return fusion;
}

}  // namespace

void match_layer_norm(PatternIndex& index, std::vector<Fusion>& out) {
  for (OpId id = 0; id < index.op_count(); ++id) {
    if (!index.is(id, "reduce_mean")) continue;
    auto fusion = layer_norm_at(index, id);
    if (fusion && index.try_claim(*fusion)) out.push_back(std::move(*fusion));
  }
}

}  // namespace graphstat::passes
