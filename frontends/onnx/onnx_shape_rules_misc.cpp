// Shape rules for operators outside the vision and transformer zoos that ONNX's backend tests
// exercise: random tensors shaped like their input, quantization, determinants.

#include <fmt/format.h>

#include "onnx_shape_context.hpp"

namespace graphstat::frontends::onnxfe::shape_rules {
namespace {

// RandomUniformLike, RandomNormalLike, Bernoulli: the input's shape; `dtype` when given, else the
// input's element type.
void like_input(Ctx& c) {
  const auto e = static_cast<std::int32_t>(c.node.attr_int("dtype", c.elem(0)));
  c.set(0, e, c.dims_or_none(0));
}

// QuantizeLinear: the input's shape, in the zero point's type (uint8 when there is none).
void quantize(Ctx& c) { c.set(0, c.has(2) ? c.elem(2) : elem::uint8, c.dims_or_none(0)); }

// DynamicQuantizeLinear: y (uint8, the input's shape), a scalar scale and zero point.
void dynamic_quantize(Ctx& c) {
  c.set(0, elem::uint8, c.dims_or_none(0));
  c.set(1, elem::float32, Dims{});
  c.set(2, elem::uint8, Dims{});
}

// Det: [*, M, M] -> [*].
void det(Ctx& c) {
  const Dims* in = c.dims(0);
  if (in == nullptr) return c.set(0, c.elem(0), std::nullopt);
  if (in->size() < 2 || (*in)[in->size() - 1] != (*in)[in->size() - 2]) {
    fail(fmt::format("Det needs square matrices in its last two dims, not {}", text(*in)));
  }
  c.set(0, c.elem(0), Dims(in->begin(), in->end() - 2));
}

}  // namespace

void add_misc_rules(RuleTable& table) {
  for (const char* op : {"RandomUniformLike", "RandomNormalLike", "Bernoulli"}) {
    table[op] = like_input;
  }
  table["QuantizeLinear"] = quantize;
  table["DequantizeLinear"] = [](Ctx& c) { c.set(0, elem::float32, c.dims_or_none(0)); };
  table["DynamicQuantizeLinear"] = dynamic_quantize;
  table["Det"] = det;
}

}  // namespace graphstat::frontends::onnxfe::shape_rules
