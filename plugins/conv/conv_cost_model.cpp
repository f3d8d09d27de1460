#include "conv_cost_model.hpp"

#include <array>

#include "common/cost_helpers.hpp"
#include "graphstat/checked.hpp"

namespace graphstat::plugins {
namespace {

// conv and conv_transpose share one shape of formula: every position the kernel is applied at costs
// W[1] × kvol MACs (W[1] is C_in/groups for conv, C_out/groups for conv_transpose, so grouping and
// depthwise need no attribute). Conv applies the kernel once per output element, the transposed
// conv once per input element.
OpCost price_kernel_positions(const OpView& op, bool transposed) {
  const Tensor& x = op.required_input(0);
  const Tensor& w = op.required_input(1);
  const Tensor& y = op.required_output(0);
  if (rank(w) < 3) {
    fail(op,
         "weight " + describe(w) + " must have rank >= 3 (channels, channels/groups, kernel...)");
  }
  // X is (N, C, spatial...) or, unbatched, (C, spatial...); any other rank means misplaced
  // operands.
  if (rank(x) != rank(w) && rank(x) + 1 != rank(w)) {
    fail(op, "input " + describe(x) + " does not match the rank of weight " + describe(w));
  }
  const std::uint64_t macs_per_position = dim(op, w, 1) * trailing_product(op, w, 2);
  const std::uint64_t macs = (transposed ? x.numel() : y.numel()) * macs_per_position;
  const std::uint64_t bias_flops = op.input(2) != nullptr ? y.numel() : 0;
  return {macs, 2 * macs + bias_flops};
}

OpCost price_conv(const OpView& op) { return price_kernel_positions(op, false); }
OpCost price_conv_transpose(const OpView& op) { return price_kernel_positions(op, true); }

// torchvision's deform_conv2d (X, W, bias?, offset, mask?): a conv whose every input column is a
// bilinear sample at a learned offset. The products are a conv's; each sampled column element
// (N x C_in x kvol x H_out x W_out of them) costs 4 FLOPs to interpolate, plus 1 for the mask.
OpCost price_deform_conv(const OpView& op) {
  OpCost cost = price_kernel_positions(op, false);
  const Tensor& x = op.required_input(0);
  const Tensor& w = op.required_input(1);
  const Tensor& y = op.required_output(0);
  const std::uint64_t positions = y.numel() / dim(op, w, 0);  // N x H_out x W_out
  const std::uint64_t samples =
      checked_mul(checked_mul(positions, dim(op, x, 1)), trailing_product(op, w, 2));
  const std::uint64_t per_sample = op.input(4) != nullptr ? 5 : 4;
  checked_add_to(cost.flops, checked_mul(samples, per_sample));
  return cost;
}

constexpr auto kFormulas = std::to_array<Formula>({
    {"conv", price_conv},
    {"conv_transpose", price_conv_transpose},
    {"deform_conv", price_deform_conv},
});

}  // namespace

std::vector<std::string> ConvCostModel::ops() const { return table_ops(kFormulas); }

OpCost ConvCostModel::cost(const OpView& op) const { return table_entry(kFormulas, op).price(op); }

}  // namespace graphstat::plugins
