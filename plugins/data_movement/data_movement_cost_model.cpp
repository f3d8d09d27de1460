#include "data_movement_cost_model.hpp"

#include <array>
#include <string>

#include "common/cost_helpers.hpp"

namespace graphstat::plugins {
namespace {

// Copying, viewing or indexing data is not arithmetic. Pricing these ops at 0 (rather than leaving
// them unpriced) keeps them out of "Unsupported operators"; the core counts their memory anyway.
OpCost no_arithmetic(const OpView& /*op*/) { return {}; }

// Interpolation weighs 4 (linear) or 16 (cubic) neighbours per output element: the 2-D case, which
// is what resize almost always is.
OpCost price_resize(const OpView& op) {
  // ONNX's Resize defaults to nearest when no mode is given.
  const std::string mode = op.node.attr_string("mode").value_or("nearest");
  if (mode == "nearest") return {};
  if (mode == "linear") return per_output_element(op, 4);
  if (mode == "cubic") return per_output_element(op, 16);
  fail(op, "resize mode '" + mode + "' is not one of nearest, linear, cubic");
}

// grid_sample (X, grid): each output element interpolates its neighbours as resize does: 4
// (bilinear) or 8 (trilinear, 5-d X) for 'bilinear', 16 for 'bicubic', none for 'nearest'.
OpCost price_grid_sample(const OpView& op) {
  const std::string mode = op.node.attr_string("mode").value_or("bilinear");
  if (mode == "nearest") return {};
  if (mode == "bilinear") return per_output_element(op, rank(op.required_input(0)) == 5 ? 8 : 4);
  if (mode == "bicubic") return per_output_element(op, 16);
  fail(op, "grid_sample mode '" + mode + "' is not one of nearest, bilinear, bicubic");
}

constexpr auto kFormulas = std::to_array<Formula>({
    {"reshape", no_arithmetic},
    {"flatten", no_arithmetic},
    {"transpose", no_arithmetic},
    {"concat", no_arithmetic},
    {"split", no_arithmetic},
    {"slice", no_arithmetic},
    {"gather", no_arithmetic},
    {"gather_elements", no_arithmetic},
    {"scatter", no_arithmetic},
    {"pad", no_arithmetic},
    {"expand", no_arithmetic},
    {"squeeze", no_arithmetic},
    {"unsqueeze", no_arithmetic},
    {"tile", no_arithmetic},
    {"roll", no_arithmetic},
    {"flip", no_arithmetic},
    {"identity", no_arithmetic},
    {"contiguous", no_arithmetic},
    {"dropout", no_arithmetic},
    {"cast", no_arithmetic},
    {"embedding", no_arithmetic},
    {"one_hot", no_arithmetic},
    {"constant_of_shape", no_arithmetic},
    {"range", no_arithmetic},
    {"shape", no_arithmetic},
    {"non_zero", no_arithmetic},
    {"top_k", no_arithmetic},
    {"resize", price_resize},
    {"grid_sample", price_grid_sample},
    {"trilu", no_arithmetic},
});

}  // namespace

std::vector<std::string> DataMovementCostModel::ops() const { return table_ops(kFormulas); }

OpCost DataMovementCostModel::cost(const OpView& op) const {
  return table_entry(kFormulas, op).price(op);
}

}  // namespace graphstat::plugins
