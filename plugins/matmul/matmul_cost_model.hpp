#pragma once
/// Prices matrix products and attention: linear, gemm, matmul, einsum, multi_head_attention,
/// transformer_encoder_layer
/// (docs/cost-model.md, "Matrix products and attention").

#include <string>
#include <vector>

#include "graphstat/cost_model.hpp"

namespace graphstat::plugins {

class MatmulCostModel : public CostModel {
 public:
  std::vector<std::string> ops() const override;
  OpCost cost(const OpView& op) const override;
};

}  // namespace graphstat::plugins
