#include "elementwise_cost_model.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, graphstat::plugins::ElementwiseCostModel,
                 "elementwise", "1.0",
                 "Elementwise arithmetic and activations (relu, add, gelu, softmax, ...)");
