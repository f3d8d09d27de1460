// A cost model that prices matmul with FLOPs equal to MACs (a product without its addition): a
// wrong figure only the report's self-check (core/src/self_check.hpp) notices.
#include "graphstat/cost_model.hpp"

namespace {

class LopsidedMatmul : public graphstat::CostModel {
 public:
  std::vector<std::string> ops() const override { return {"matmul"}; }
  graphstat::OpCost cost(const graphstat::OpView& op) const override {
    // (M x K) · (K x N): M·N·K MACs, and (wrongly) as many FLOPs.
    const auto& a = op.required_input(0).shape;
    const auto& b = op.required_input(1).shape;
    const auto macs = static_cast<std::uint64_t>(a[0] * a[1] * b[1]);
    return {macs, macs};
  }
};

}  // namespace

GRAPHSTAT_PLUGIN(graphstat::PluginKind::cost, LopsidedMatmul, "lopsided-matmul", "1.0",
                 "FLOPs = MACs for matmul (test: a wrong figure for the self-check)")
