#include "data_movement_cost_model.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, graphstat::plugins::DataMovementCostModel,
                 "data_movement", "1.0",
                 "Data movement (reshape, concat, gather, resize, ...): no arithmetic");
