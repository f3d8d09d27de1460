#include "conv_cost_model.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, graphstat::plugins::ConvCostModel, "conv", "1.0",
                 "Convolutions: conv, conv_transpose");
