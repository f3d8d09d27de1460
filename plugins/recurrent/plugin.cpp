#include "recurrent_cost_model.hpp"

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, graphstat::plugins::RecurrentCostModel, "recurrent",
                 "1.0", "Recurrent layer stacks: LSTM, GRU and Elman RNN (tanh or relu)");
