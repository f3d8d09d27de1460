// A plugin whose constructor throws: the host reports it, naming the file, and does not crash.
#include <stdexcept>

#include "graphstat/cost_model.hpp"

namespace {

class ThrowsOnCreate : public graphstat::CostModel {
 public:
  ThrowsOnCreate() { throw std::runtime_error("license server unreachable"); }
  std::vector<std::string> ops() const override { return {}; }
  graphstat::OpCost cost(const graphstat::OpView&) const override { return {}; }
};

}  // namespace

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, ThrowsOnCreate, "throws-on-create", "1.0",
                 "throws from its constructor")
