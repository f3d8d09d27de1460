#include "normalization_cost_model.hpp"

#include <array>

#include "common/cost_helpers.hpp"

namespace graphstat::plugins {
namespace {

// Every normalization subtracts a mean, divides by a deviation, scales and shifts each output
// element, plus its share of computing the statistics: 5 FLOPs per element for all of them.
constexpr auto kRates = std::to_array<Rate>({
    {"batch_norm", 5},
    {"layer_norm", 5},
    {"group_norm", 5},
    {"instance_norm", 5},
    {"rms_norm", 5},
    {"local_response_norm", 5},
});

}  // namespace

std::vector<std::string> NormalizationCostModel::ops() const { return table_ops(kRates); }

OpCost NormalizationCostModel::cost(const OpView& op) const {
  return per_output_element(op, table_entry(kRates, op).flops_per_element);
}

}  // namespace graphstat::plugins
