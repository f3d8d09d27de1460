#define BOOST_TEST_MODULE cost_data_movement
#include <boost/test/unit_test.hpp>

#include "data_movement_cost_model.hpp"
#include "op_builder.hpp"

using graphstat::Error;
using graphstat::OpCost;
using graphstat::plugins::DataMovementCostModel;
using graphstat::test::error_mentions;
using graphstat::test::OpBuilder;

namespace {

OpCost price(const OpBuilder& op) { return DataMovementCostModel{}.cost(op.view()); }

// docs/cost-model.md, "Data movement"; resize is listed separately.
const std::vector<std::string> kFree{"reshape",
                                     "flatten",
                                     "transpose",
                                     "concat",
                                     "split",
                                     "slice",
                                     "gather",
                                     "gather_elements",
                                     "scatter",
                                     "pad",
                                     "expand",
                                     "squeeze",
                                     "unsqueeze",
                                     "tile",
                                     "roll",
                                     "flip",
                                     "identity",
                                     "contiguous",
                                     "dropout",
                                     "cast",
                                     "embedding",
                                     "one_hot",
                                     "constant_of_shape",
                                     "range",
                                     "shape",
                                     "non_zero",
                                     "top_k",
                                     "trilu"};

// Upsampling (1, 3, 32, 32) to (1, 3, 64, 64): numel(Y) = 3*64*64 = 12288.
OpBuilder resize(const std::string& mode) {
  OpBuilder op("resize", "up");
  op.input({1, 3, 32, 32}).output({1, 3, 64, 64});
  if (!mode.empty()) op.attr("mode", mode);
  return op;
}

}  // namespace

BOOST_AUTO_TEST_CASE(lists_exactly_the_documented_ops) {
  std::vector<std::string> expected = kFree;
  expected.emplace_back("resize");
  expected.emplace_back("grid_sample");
  BOOST_TEST(
      graphstat::test::sorted(DataMovementCostModel{}.ops()) == graphstat::test::sorted(expected),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(data_movement_is_free) {
  for (const std::string& name : kFree) {
    BOOST_TEST_CONTEXT(name) {
      OpBuilder op(name);
      op.input({2, 3, 4}).output({2, 3, 4});
      const OpCost cost = price(op);
      BOOST_TEST(cost.macs == 0u);
      BOOST_TEST(cost.flops == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(resnet18_flatten) {
  OpBuilder op("flatten");
  op.input({1, 512, 1, 1}).output({1, 512});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 0u);
  BOOST_TEST(cost.flops == 0u);
}

BOOST_AUTO_TEST_CASE(nearest_resize_is_free) {
  BOOST_TEST(price(resize("nearest")).flops == 0u);
  BOOST_TEST(price(resize("")).flops == 0u);  // No mode: ONNX's default, nearest.
}

BOOST_AUTO_TEST_CASE(linear_resize) {
  const OpCost cost = price(resize("linear"));
  BOOST_TEST(cost.macs == 0u);
  BOOST_TEST(cost.flops == 49152u);  // 4 * 12288
}

BOOST_AUTO_TEST_CASE(cubic_resize) {
  BOOST_TEST(price(resize("cubic")).flops == 196608u);  // 16 * 12288
}

BOOST_AUTO_TEST_CASE(unknown_resize_mode_is_an_error) {
  BOOST_CHECK_EXCEPTION(price(resize("area")), Error, error_mentions("up", "mode 'area'"));
}

BOOST_AUTO_TEST_CASE(op_it_does_not_price_is_an_error) {
  OpBuilder op("relu", "act");
  op.input({4}).output({4});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("act", "not priced"));
}

// grid_sample: X (1, 3, 16, 16) sampled at grid (1, 8, 8, 2): Y (1, 3, 8, 8), numel 192.
// bilinear 4 * 192 = 768, bicubic 16 * 192 = 3072, nearest 0. A 5-d X is trilinear: Y (1, 3, 2, 8,
// 8), numel 384, 8 * 384 = 3072.
BOOST_AUTO_TEST_CASE(grid_sample_interpolates_like_resize) {
  for (const auto& [mode, flops] : {std::pair<std::string, std::uint64_t>{"bilinear", 768},
                                    {"bicubic", 3072},
                                    {"nearest", 0}}) {
    OpBuilder op("grid_sample");
    op.input({1, 3, 16, 16}).input({1, 8, 8, 2}).output({1, 3, 8, 8}).attr("mode", mode);
    BOOST_TEST(price(op).flops == flops, mode);
    BOOST_TEST(price(op).macs == 0u);
  }
  OpBuilder volume("grid_sample");
  volume.input({1, 3, 4, 16, 16}).input({1, 2, 8, 8, 3}).output({1, 3, 2, 8, 8});
  BOOST_TEST(price(volume).flops == 3072u);
  OpBuilder bad("grid_sample");
  bad.input({1, 3, 16, 16}).input({1, 8, 8, 2}).output({1, 3, 8, 8}).attr("mode", "area");
  BOOST_CHECK_EXCEPTION(price(bad), Error, error_mentions("test_op", "mode 'area'"));
}
