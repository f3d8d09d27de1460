#include "matmul_cost_model.hpp"

GRAPHSTAT_PLUGIN(
    graphstat::PluginKind::cost, graphstat::plugins::MatmulCostModel, "matmul", "1.0",
    "Matrix products and attention: linear, gemm, matmul, einsum, multi_head_attention, "
    "transformer_encoder_layer");
