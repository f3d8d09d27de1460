// A cost model that throws something that is not a std::exception (an int, as some C-style
// libraries do): the run must end in an error naming the plugin and the op, not in terminate().
#include "graphstat/cost_model.hpp"

namespace {

class ThrowsNonStd : public graphstat::CostModel {
 public:
  std::vector<std::string> ops() const override { return {"relu"}; }
  graphstat::OpCost cost(const graphstat::OpView&) const override { throw 42; }
};

}  // namespace

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, ThrowsNonStd, "throws-non-std", "1.0",
                 "throws an int from cost()")
