// A third-party conv cost model that counts GRAPHSTAT_TEST_CONV_SCALE MACs per output element,
// built once per scale under its own plugin name, so a test that loads several of them through
// different routes (GRAPHSTAT_PLUGIN_PATH, a config's plugins:, --plugin) sees from the figure
// which one priced the op.
#include "graphstat/cost_model.hpp"

#ifndef GRAPHSTAT_TEST_CONV_SCALE
#error "GRAPHSTAT_TEST_CONV_SCALE must be defined"
#endif

namespace {

class ScaledConv : public graphstat::CostModel {
 public:
  std::vector<std::string> ops() const override { return {"conv"}; }
  graphstat::OpCost cost(const graphstat::OpView& op) const override {
    const std::uint64_t n = op.required_output(0).numel() * GRAPHSTAT_TEST_CONV_SCALE;
    return {n, 2 * n};
  }
};

}  // namespace

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, ScaledConv, GRAPHSTAT_TEST_CONV_NAME, "1.0",
                 "a fixed number of MACs per conv output element (test)")
