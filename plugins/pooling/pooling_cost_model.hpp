#pragma once
/// Prices pooling and reductions (docs/cost-model.md, "Pooling and reduction").

#include <string>
#include <vector>

#include "graphstat/cost_model.hpp"

namespace graphstat::plugins {

class PoolingCostModel : public CostModel {
 public:
  std::vector<std::string> ops() const override;
  OpCost cost(const OpView& op) const override;
};

}  // namespace graphstat::plugins
