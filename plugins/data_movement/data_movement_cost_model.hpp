#pragma once
/// Prices ops that only move data: 0 MACs and FLOPs, except interpolating resizes
/// (docs/cost-model.md, "Data movement").

#include <string>
#include <vector>

#include "graphstat/cost_model.hpp"

namespace graphstat::plugins {

class DataMovementCostModel : public CostModel {
 public:
  std::vector<std::string> ops() const override;
  OpCost cost(const OpView& op) const override;
};

}  // namespace graphstat::plugins
