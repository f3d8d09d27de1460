#pragma once
/// Prices elementwise arithmetic and activations, a constant number of FLOPs per output element
/// (docs/cost-model.md, "Elementwise").

#include <string>
#include <vector>

#include "graphstat/cost_model.hpp"

namespace graphstat::plugins {

class ElementwiseCostModel : public CostModel {
 public:
  std::vector<std::string> ops() const override;
  OpCost cost(const OpView& op) const override;
};

}  // namespace graphstat::plugins
