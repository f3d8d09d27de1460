#pragma once
/// Prices convolutions, conv and conv_transpose (docs/cost-model.md, "Convolution").

#include <string>
#include <vector>

#include "graphstat/cost_model.hpp"

namespace graphstat::plugins {

class ConvCostModel : public CostModel {
 public:
  std::vector<std::string> ops() const override;
  OpCost cost(const OpView& op) const override;
};

}  // namespace graphstat::plugins
