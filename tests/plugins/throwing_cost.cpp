// A cost model that throws while pricing: the error must name the plugin and the op.
#include <stdexcept>

#include "graphstat/cost_model.hpp"

namespace {

class ThrowingCost : public graphstat::CostModel {
 public:
  std::vector<std::string> ops() const override { return {"relu"}; }
  graphstat::OpCost cost(const graphstat::OpView&) const override {
    throw std::logic_error("relu tables not loaded");
  }
};

}  // namespace

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, ThrowingCost, "throwing-cost", "1.0",
                 "throws from cost()")
