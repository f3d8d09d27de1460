#include "pooling_cost_model.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, graphstat::plugins::PoolingCostModel, "pooling",
                 "1.0", "Pooling and reductions (avg/max pool, reduce_*, argmax, cumsum)");
