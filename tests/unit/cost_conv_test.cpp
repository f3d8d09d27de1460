#define BOOST_TEST_MODULE cost_conv
#include <boost/test/unit_test.hpp>

#include "conv_cost_model.hpp"
#include "op_builder.hpp"

using graphstat::Error;
using graphstat::OpCost;
using graphstat::plugins::ConvCostModel;
using graphstat::test::error_mentions;
using graphstat::test::OpBuilder;

namespace {

OpCost price(const OpBuilder& op) { return ConvCostModel{}.cost(op.view()); }

}  // namespace

BOOST_AUTO_TEST_CASE(lists_exactly_the_documented_ops) {
  const std::vector<std::string> expected{"conv", "conv_transpose", "deform_conv"};
  BOOST_TEST(graphstat::test::sorted(ConvCostModel{}.ops()) == expected,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(resnet18_conv1) {
  OpBuilder op("conv");
  op.input({1, 3, 224, 224}).weight({64, 3, 7, 7}).absent().output({1, 64, 112, 112});
  const OpCost cost = price(op);
  // numel(Y) = 64*112*112 = 802816; 802816 * 3 * (7*7) = 118013952
  BOOST_TEST(cost.macs == 118013952u);
  // 2 * 118013952, no bias
  BOOST_TEST(cost.flops == 236027904u);
}

BOOST_AUTO_TEST_CASE(bias_adds_one_flop_per_output_element) {
  OpBuilder op("conv");
  op.input({1, 3, 224, 224}).weight({64, 3, 7, 7}).weight({64}).output({1, 64, 112, 112});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 118013952u);  // Bias adds are not MACs.
  // 236027904 + numel(Y) 802816 = 236830720
  BOOST_TEST(cost.flops == 236830720u);
}

BOOST_AUTO_TEST_CASE(depthwise_conv) {
  // MobileNet: 32 channels, groups=32, so W[1] = C_in/groups = 1.
  OpBuilder op("conv");
  op.input({1, 32, 112, 112}).weight({32, 1, 3, 3}).output({1, 32, 112, 112});
  const OpCost cost = price(op);
  // numel(Y) = 32*112*112 = 401408; 401408 * 1 * 9 = 3612672
  BOOST_TEST(cost.macs == 3612672u);
  BOOST_TEST(cost.flops == 7225344u);  // 2 * 3612672
}

BOOST_AUTO_TEST_CASE(grouped_conv) {
  // 64 -> 128 channels in 4 groups: W[1] = 64/4 = 16.
  OpBuilder op("conv");
  op.input({1, 64, 56, 56}).weight({128, 16, 3, 3}).output({1, 128, 56, 56});
  const OpCost cost = price(op);
  // numel(Y) = 128*56*56 = 401408; 401408 * 16 * 9 = 57802752
  BOOST_TEST(cost.macs == 57802752u);
  BOOST_TEST(cost.flops == 115605504u);  // 2 * 57802752
}

BOOST_AUTO_TEST_CASE(conv1d_with_bias) {
  OpBuilder op("conv");
  op.input({2, 16, 100}).weight({32, 16, 5}).weight({32}).output({2, 32, 96});
  const OpCost cost = price(op);
  // numel(Y) = 2*32*96 = 6144; 6144 * 16 * 5 = 491520
  BOOST_TEST(cost.macs == 491520u);
  // 2*491520 + 6144 = 989184
  BOOST_TEST(cost.flops == 989184u);
}

BOOST_AUTO_TEST_CASE(conv3d) {
  OpBuilder op("conv");
  op.input({1, 3, 16, 112, 112}).weight({64, 3, 3, 7, 7}).output({1, 64, 16, 56, 56});
  const OpCost cost = price(op);
  // numel(Y) = 64*16*56*56 = 3211264; kvol = 3*7*7 = 147; 3211264 * 3 * 147 = 1416167424
  BOOST_TEST(cost.macs == 1416167424u);
  BOOST_TEST(cost.flops == 2832334848u);  // 2 * 1416167424
}

BOOST_AUTO_TEST_CASE(unbatched_conv) {
  OpBuilder op("conv");
  op.input({3, 32, 32}).weight({8, 3, 3, 3}).output({8, 30, 30});
  // numel(Y) = 8*30*30 = 7200; 7200 * 3 * 9 = 194400
  BOOST_TEST(price(op).macs == 194400u);
}

BOOST_AUTO_TEST_CASE(conv_transpose_with_groups) {
  // 64 -> 32 channels in 2 groups: W is (C_in, C_out/groups, k, k) = (64, 16, 4, 4); stride 2.
  OpBuilder op("conv_transpose");
  op.input({1, 64, 28, 28}).weight({64, 16, 4, 4}).weight({32}).output({1, 32, 56, 56});
  const OpCost cost = price(op);
  // numel(X) = 64*28*28 = 50176; 50176 * 16 * (4*4) = 12845056
  BOOST_TEST(cost.macs == 12845056u);
  // 2*12845056 + numel(Y) 32*56*56 = 25690112 + 100352 = 25790464
  BOOST_TEST(cost.flops == 25790464u);
}

BOOST_AUTO_TEST_CASE(weight_of_rank_below_3_is_an_error) {
  OpBuilder op("conv", "bad_conv");
  op.input({1, 3, 8, 8}).weight({64, 3}).output({1, 64, 8, 8});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("bad_conv", "rank >= 3"));
}

BOOST_AUTO_TEST_CASE(missing_weight_is_an_error) {
  OpBuilder op("conv", "no_weight");
  op.input({1, 3, 8, 8}).output({1, 64, 8, 8});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("no_weight", "missing input 1"));
}

BOOST_AUTO_TEST_CASE(missing_output_is_an_error) {
  OpBuilder op("conv_transpose", "no_output");
  op.input({1, 3, 8, 8}).weight({3, 8, 3, 3});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("no_output", "missing output 0"));
}

BOOST_AUTO_TEST_CASE(input_rank_unrelated_to_weight_is_an_error) {
  // Operands in swapped slots: a 1-D "input" cannot feed a 2-D kernel.
  OpBuilder op("conv", "swapped");
  op.input({64}).weight({64, 3, 7, 7}).output({1, 64, 112, 112});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("swapped", "does not match the rank"));
}

BOOST_AUTO_TEST_CASE(op_it_does_not_price_is_an_error) {
  OpBuilder op("matmul", "mm");
  op.input({2, 3}).input({3, 4}).output({2, 4});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("mm", "not priced"));
}

// torchvision's deform_conv2d: X (1, 4, 8, 8), W (6, 4, 3, 3), no bias, offset (1, 18, 8, 8),
// Y (1, 6, 8, 8). The products are a conv's: numel(Y) 384 * 4 * 9 = 13824 MACs. Every sampled
// column element, N*H_out*W_out (64) * C_in (4) * kvol (9) = 2304 of them, is a bilinear sample:
// 4 FLOPs each, 5 with a mask. FLOPs = 2*13824 + 2304*4 = 36864; with the mask 27648 + 11520.
BOOST_AUTO_TEST_CASE(deform_conv_adds_its_bilinear_samples) {
  OpBuilder op("deform_conv");
  op.input({1, 4, 8, 8}).weight({6, 4, 3, 3}).absent().input({1, 18, 8, 8}).output({1, 6, 8, 8});
  OpCost cost = price(op);
  BOOST_TEST(cost.macs == 13824u);
  BOOST_TEST(cost.flops == 36864u);
  OpBuilder masked("deform_conv");
  masked.input({1, 4, 8, 8}).weight({6, 4, 3, 3}).absent().input({1, 18, 8, 8});
  masked.input({1, 9, 8, 8}).output({1, 6, 8, 8});
  cost = price(masked);
  BOOST_TEST(cost.macs == 13824u);
  BOOST_TEST(cost.flops == 39168u);
}
