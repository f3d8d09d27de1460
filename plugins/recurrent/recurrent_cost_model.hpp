#pragma once
/// Prices whole recurrent layer stacks, `lstm`, `gru` and `rnn` (docs/cost-model.md, "Recurrent").

#include <string>
#include <vector>

#include "graphstat/cost_model.hpp"

namespace graphstat::plugins {

class RecurrentCostModel : public CostModel {
 public:
  std::vector<std::string> ops() const override;
  OpCost cost(const OpView& op) const override;
};

}  // namespace graphstat::plugins
