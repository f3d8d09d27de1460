#pragma once
/// Prices the normalizations, 5 FLOPs per output element (docs/cost-model.md, "Normalization").

#include <string>
#include <vector>

#include "graphstat/cost_model.hpp"

namespace graphstat::plugins {

class NormalizationCostModel : public CostModel {
 public:
  std::vector<std::string> ops() const override;
  OpCost cost(const OpView& op) const override;
};

}  // namespace graphstat::plugins
