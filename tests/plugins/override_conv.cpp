// A third-party cost model replacing the built-in conv formula: counts a conv as one MAC per output
// element, so a test can see which formula priced the op.
#include "graphstat/cost_model.hpp"

namespace {

class OverrideConv : public graphstat::CostModel {
 public:
  std::vector<std::string> ops() const override { return {"conv"}; }
  graphstat::OpCost cost(const graphstat::OpView& op) const override {
    const auto n = op.required_output(0).numel();
    return {n, 2 * n};
  }
};

}  // namespace

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, OverrideConv, "override-conv", "1.0",
                 "one MAC per conv output element (test)")
