// A cost model of the kind an older or careless plugin is: it computes in signed 64 bits and
// hands back a negative count, which arrives as a huge unsigned figure. The core must refuse it.
#include <cstdint>

#include "graphstat/cost_model.hpp"

namespace {

class NegativeCost final : public graphstat::CostModel {
 public:
  std::vector<std::string> ops() const override { return {"relu"}; }
  graphstat::OpCost cost(const graphstat::OpView&) const override {
    const std::int64_t flops = -4;  // What a subtraction gone wrong gives.
    return {0, static_cast<std::uint64_t>(flops)};
  }
};

}  // namespace

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, NegativeCost, "negative", "1.0",
                 "returns a negative FLOP count")
