#include "pooling_cost_model.hpp"

#include <array>
#include <optional>
#include <string_view>

#include "common/cost_helpers.hpp"
#include "graphstat/checked.hpp"

namespace graphstat::plugins {
namespace {

// What an op's FLOPs are counted per. Max-like ops only compare, which is not arithmetic.
enum class Basis {
  none,            // 0 FLOPs.
  input_element,   // Every input element is added (or multiplied) in once.
  window_element,  // Every output sums a kernel_shape window of inputs.
  roi_sample       // Every output averages sampling_ratio^2 bilinear samples (roi_align).
};

struct PoolRate {
  std::string_view op;
  Basis basis;
  std::uint64_t flops_per_element;
};

constexpr auto kRates = std::to_array<PoolRate>({
    {"max_pool", Basis::none, 0},
    {"global_max_pool", Basis::none, 0},
    {"adaptive_max_pool", Basis::none, 0},
    {"avg_pool", Basis::window_element, 1},
    {"adaptive_avg_pool", Basis::input_element, 1},
    {"global_avg_pool", Basis::input_element, 1},
    {"reduce_mean", Basis::input_element, 1},
    {"reduce_sum", Basis::input_element, 1},
    {"reduce_prod", Basis::input_element, 1},
    {"cumsum", Basis::input_element, 1},
    // A sum whose one log per output is left out: outputs are a reduction's few elements.
    {"reduce_log_sum", Basis::input_element, 1},
    // Square, then add.
    {"reduce_l2", Basis::input_element, 2},
    {"reduce_sum_square", Basis::input_element, 2},
    // |x| (or exp(x)), then add.
    {"reduce_l1", Basis::input_element, 2},
    {"reduce_log_sum_exp", Basis::input_element, 2},
    {"reduce_max", Basis::none, 0},
    {"reduce_min", Basis::none, 0},
    {"argmax", Basis::none, 0},
    {"argmin", Basis::none, 0},
    // torchvision's box pooling: roi_pool takes a max per bin; roi_align averages
    // sampling_ratio^2 samples per bin, each bilinear (4 FLOPs, as resize 'linear') and
    // accumulated (1).
    {"roi_pool", Basis::none, 0},
    {"ps_roi_pool", Basis::none, 0},
    {"roi_align", Basis::roi_sample, 5},
    {"ps_roi_align", Basis::roi_sample, 5},
});

// sampling_ratio^2: the samples roi_align averages per output bin. A ratio <= 0 (adaptive) never
// reaches here: the frontend leaves that op unpriced, its cost depends on the boxes.
std::uint64_t samples_per_bin(const OpView& op) {
  const std::optional<std::int64_t> ratio = op.node.attr_int("sampling_ratio");
  if (!ratio || *ratio <= 0) fail(op, "roi_align needs a positive 'sampling_ratio' attribute");
  return checked_mul(static_cast<std::uint64_t>(*ratio), static_cast<std::uint64_t>(*ratio));
}

// prod(kernel_shape): avg_pool's output shape does not say how large its windows are.
std::uint64_t window_size(const OpView& op) {
  const std::optional<std::vector<std::int64_t>> kernel = op.node.attr_ints("kernel_shape");
  if (!kernel || kernel->empty()) fail(op, "avg_pool has no 'kernel_shape' attribute");
  std::uint64_t size = 1;
  for (const std::int64_t extent : *kernel) {
    if (extent <= 0) fail(op, "avg_pool 'kernel_shape' has a non-positive extent");
    size *= static_cast<std::uint64_t>(extent);
  }
  return size;
}

}  // namespace

std::vector<std::string> PoolingCostModel::ops() const { return table_ops(kRates); }

OpCost PoolingCostModel::cost(const OpView& op) const {
  const PoolRate& rate = table_entry(kRates, op);
  switch (rate.basis) {
    case Basis::none:
      return {};
    case Basis::input_element:
      return {0, rate.flops_per_element * op.required_input(0).numel()};
    case Basis::window_element:
      return per_output_element(op, rate.flops_per_element * window_size(op));
    case Basis::roi_sample:
      return per_output_element(op, checked_mul(rate.flops_per_element, samples_per_bin(op)));
  }
  fail(op, "unknown pooling formula");
}

}  // namespace graphstat::plugins
