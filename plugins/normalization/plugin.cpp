#include "normalization_cost_model.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, graphstat::plugins::NormalizationCostModel,
                 "normalization", "1.0",
                 "Normalizations: batch, layer, group, instance, RMS and local response norm");
