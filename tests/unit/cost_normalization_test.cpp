#define BOOST_TEST_MODULE cost_normalization
#include <boost/test/unit_test.hpp>

#include "normalization_cost_model.hpp"
#include "op_builder.hpp"

using graphstat::Error;
using graphstat::OpCost;
using graphstat::plugins::NormalizationCostModel;
using graphstat::test::error_mentions;
using graphstat::test::OpBuilder;

namespace {

OpCost price(const OpBuilder& op) { return NormalizationCostModel{}.cost(op.view()); }

const std::vector<std::string> kDocumented{"batch_norm",    "layer_norm", "group_norm",
                                           "instance_norm", "rms_norm",   "local_response_norm"};

}  // namespace

BOOST_AUTO_TEST_CASE(lists_exactly_the_documented_ops) {
  BOOST_TEST(graphstat::test::sorted(NormalizationCostModel{}.ops()) ==
                 graphstat::test::sorted(kDocumented),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(resnet18_bn1) {
  // X, scale, bias, running_mean, running_var.
  OpBuilder op("batch_norm");
  op.input({1, 64, 112, 112}).weight({64}).weight({64});
  op.input({64}, graphstat::TensorRole::buffer).input({64}, graphstat::TensorRole::buffer);
  op.output({1, 64, 112, 112});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 0u);
  BOOST_TEST(cost.flops == 4014080u);  // 5 * numel(Y) 64*112*112 = 5 * 802816
}

BOOST_AUTO_TEST_CASE(layer_norm_over_a_sequence) {
  OpBuilder op("layer_norm");
  op.input({8, 128, 768}).weight({768}).weight({768}).output({8, 128, 768});
  BOOST_TEST(price(op).flops == 3932160u);  // 5 * 8*128*768 = 5 * 786432
}

BOOST_AUTO_TEST_CASE(every_normalization_costs_5_per_output_element) {
  for (const std::string& name : kDocumented) {
    BOOST_TEST_CONTEXT(name) {
      OpBuilder op(name);
      op.input({2, 3, 4}).output({2, 3, 4});
      const OpCost cost = price(op);
      BOOST_TEST(cost.macs == 0u);
      BOOST_TEST(cost.flops == 120u);  // 5 * 2*3*4
    }
  }
}

BOOST_AUTO_TEST_CASE(missing_output_is_an_error) {
  OpBuilder op("batch_norm", "bn");
  op.input({1, 64, 8, 8});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("bn", "missing output 0"));
}

BOOST_AUTO_TEST_CASE(op_it_does_not_price_is_an_error) {
  OpBuilder op("relu", "act");
  op.input({4}).output({4});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("act", "not priced"));
}
