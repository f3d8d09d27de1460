#define BOOST_TEST_MODULE cost_elementwise
#include <boost/test/unit_test.hpp>
#include <map>

#include "elementwise_cost_model.hpp"
#include "op_builder.hpp"

using graphstat::Error;
using graphstat::OpCost;
using graphstat::plugins::ElementwiseCostModel;
using graphstat::test::error_mentions;
using graphstat::test::OpBuilder;

namespace {

OpCost price(const OpBuilder& op) { return ElementwiseCostModel{}.cost(op.view()); }

// docs/cost-model.md, "Elementwise": FLOPs per output element -> ops.
const std::map<std::uint64_t, std::vector<std::string>> kDocumented{
    {1, {"relu", "clip",       "add",        "sub",           "mul",   "div",   "pow",
         "sqrt", "rsqrt",      "reciprocal", "exp",           "log",   "neg",   "abs",
         "erf",  "tanh",       "sin",        "cos",           "floor", "ceil",  "round",
         "sign", "max",        "min",        "mod",           "where", "equal", "not_equal",
         "less", "greater",    "less_equal", "greater_equal", "not",   "and",   "or",
         "xor",  "bitwise_not"}},
    {2, {"leaky_relu", "prelu"}},
    {3, {"sigmoid", "hardsigmoid", "elu", "softplus"}},
    {4, {"silu", "hardswish"}},
    {5, {"gelu", "softmax", "log_softmax", "mish"}},
};

}  // namespace

BOOST_AUTO_TEST_CASE(lists_exactly_the_documented_ops) {
  std::vector<std::string> expected;
  for (const auto& [flops, ops] : kDocumented) {
    expected.insert(expected.end(), ops.begin(), ops.end());
  }
  BOOST_TEST(
      graphstat::test::sorted(ElementwiseCostModel{}.ops()) == graphstat::test::sorted(expected),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_constant_class) {
  // Y (2, 3, 4) has 24 elements: 24, 48, 72, 96 and 120 FLOPs for the classes 1 to 5.
  const std::map<std::uint64_t, std::uint64_t> expected_flops{
      {1, 24u}, {2, 48u}, {3, 72u}, {4, 96u}, {5, 120u}};
  for (const auto& [per_element, ops] : kDocumented) {
    for (const std::string& name : ops) {
      BOOST_TEST_CONTEXT(name) {
        OpBuilder op(name);
        op.input({2, 3, 4}).output({2, 3, 4});
        const OpCost cost = price(op);
        BOOST_TEST(cost.macs == 0u);
        BOOST_TEST(cost.flops == expected_flops.at(per_element));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(resnet18_relu) {
  OpBuilder op("relu");
  op.input({1, 64, 112, 112}).output({1, 64, 112, 112});
  BOOST_TEST(price(op).flops == 802816u);  // 1 * 64*112*112
}

BOOST_AUTO_TEST_CASE(broadcasting_add_counts_output_elements) {
  // A per-channel bias (64, 1, 1) added to (1, 64, 56, 56): one add per output element.
  OpBuilder op("add");
  op.input({1, 64, 56, 56}).input({64, 1, 1}).output({1, 64, 56, 56});
  BOOST_TEST(price(op).flops == 200704u);  // 64*56*56
}

BOOST_AUTO_TEST_CASE(gelu_in_a_transformer) {
  OpBuilder op("gelu");
  op.input({8, 128, 3072}).output({8, 128, 3072});
  BOOST_TEST(price(op).flops == 15728640u);  // 5 * 8*128*3072 = 5 * 3145728
}

BOOST_AUTO_TEST_CASE(scalar_output_is_one_element) {
  OpBuilder op("mul");
  op.input({}).input({}).output({});
  BOOST_TEST(price(op).flops == 1u);
}

BOOST_AUTO_TEST_CASE(missing_output_is_an_error) {
  OpBuilder op("sigmoid", "gate");
  op.input({4});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("gate", "missing output 0"));
}

BOOST_AUTO_TEST_CASE(op_it_does_not_price_is_an_error) {
  OpBuilder op("conv", "c");
  op.input({1, 3, 8, 8}).output({1, 3, 8, 8});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("c", "not priced"));
}
