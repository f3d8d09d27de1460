#define BOOST_TEST_MODULE cost_pooling
#include <boost/test/unit_test.hpp>

#include "op_builder.hpp"
#include "pooling_cost_model.hpp"

using graphstat::Error;
using graphstat::OpCost;
using graphstat::plugins::PoolingCostModel;
using graphstat::test::error_mentions;
using graphstat::test::OpBuilder;

namespace {

OpCost price(const OpBuilder& op) { return PoolingCostModel{}.cost(op.view()); }

// An op reading (2, 3, 4) (24 elements) and writing (2, 3), as a reduction over the last axis.
OpCost price_reduction(const std::string& name) {
  OpBuilder op(name);
  op.input({2, 3, 4}).output({2, 3});
  return price(op);
}

}  // namespace

BOOST_AUTO_TEST_CASE(lists_exactly_the_documented_ops) {
  const std::vector<std::string> expected{"max_pool",
                                          "global_max_pool",
                                          "adaptive_max_pool",
                                          "avg_pool",
                                          "adaptive_avg_pool",
                                          "global_avg_pool",
                                          "reduce_mean",
                                          "reduce_sum",
                                          "reduce_prod",
                                          "cumsum",
                                          "reduce_l2",
                                          "reduce_sum_square",
                                          "reduce_max",
                                          "reduce_min",
                                          "argmax",
                                          "argmin",
                                          "reduce_l1",
                                          "reduce_log_sum",
                                          "reduce_log_sum_exp",
                                          "roi_pool",
                                          "ps_roi_pool",
                                          "roi_align",
                                          "ps_roi_align"};
  BOOST_TEST(graphstat::test::sorted(PoolingCostModel{}.ops()) == graphstat::test::sorted(expected),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(resnet18_maxpool_is_free) {
  OpBuilder op("max_pool");
  op.input({1, 64, 112, 112}).output({1, 64, 56, 56});
  op.attr("kernel_shape", std::vector<std::int64_t>{3, 3});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 0u);
  BOOST_TEST(cost.flops == 0u);
}

BOOST_AUTO_TEST_CASE(avg_pool_3x3) {
  // Kernel 3x3, stride 2, padding 1: (1, 64, 56, 56) -> (1, 64, 28, 28).
  OpBuilder op("avg_pool");
  op.input({1, 64, 56, 56}).output({1, 64, 28, 28});
  op.attr("kernel_shape", std::vector<std::int64_t>{3, 3});
  const OpCost cost = price(op);
  BOOST_TEST(cost.macs == 0u);
  BOOST_TEST(cost.flops == 451584u);  // numel(Y) 64*28*28 = 50176; 50176 * 3*3
}

BOOST_AUTO_TEST_CASE(adaptive_avg_pool_sums_every_input) {
  // ResNet-18's avgpool: (1, 512, 7, 7) -> (1, 512, 1, 1).
  OpBuilder op("adaptive_avg_pool");
  op.input({1, 512, 7, 7}).output({1, 512, 1, 1});
  BOOST_TEST(price(op).flops == 25088u);  // numel(X) 512*7*7
}

BOOST_AUTO_TEST_CASE(global_avg_pool_sums_every_input) {
  OpBuilder op("global_avg_pool");
  op.input({1, 512, 7, 7}).output({1, 512, 1, 1});
  BOOST_TEST(price(op).flops == 25088u);  // numel(X) 512*7*7
}

BOOST_AUTO_TEST_CASE(summing_reductions_cost_one_per_input) {
  for (const std::string name :
       {"reduce_mean", "reduce_sum", "reduce_prod", "cumsum", "reduce_log_sum"}) {
    BOOST_TEST_CONTEXT(name) {
      const OpCost cost = price_reduction(name);
      BOOST_TEST(cost.macs == 0u);
      BOOST_TEST(cost.flops == 24u);  // numel(X) 2*3*4
    }
  }
}

BOOST_AUTO_TEST_CASE(squaring_reductions_cost_two_per_input) {
  for (const std::string name :
       {"reduce_l2", "reduce_sum_square", "reduce_l1", "reduce_log_sum_exp"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(price_reduction(name).flops == 48u); }  // 2 * 24
  }
}

BOOST_AUTO_TEST_CASE(comparing_ops_are_free) {
  for (const std::string name :
       {"reduce_max", "reduce_min", "argmax", "argmin", "global_max_pool", "adaptive_max_pool"}) {
    BOOST_TEST_CONTEXT(name) {
      const OpCost cost = price_reduction(name);
      BOOST_TEST(cost.macs == 0u);
      BOOST_TEST(cost.flops == 0u);
    }
  }
}

BOOST_AUTO_TEST_CASE(avg_pool_without_kernel_shape_is_an_error) {
  OpBuilder op("avg_pool", "pool");
  op.input({1, 64, 56, 56}).output({1, 64, 28, 28});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("pool", "no 'kernel_shape'"));
}

BOOST_AUTO_TEST_CASE(avg_pool_with_empty_kernel_is_an_error) {
  OpBuilder op("avg_pool", "pool");
  op.input({1, 64, 56, 56}).output({1, 64, 28, 28});
  op.attr("kernel_shape", std::vector<std::int64_t>{0, 3});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("pool", "non-positive"));
}

BOOST_AUTO_TEST_CASE(reduction_without_input_is_an_error) {
  OpBuilder op("reduce_sum", "sum");
  op.output({1});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("sum", "missing input 0"));
}

// roi_align: 10 boxes of (1, 256, 50, 50) pooled to (10, 256, 7, 7), numel 125440; sampling_ratio 2
// averages 2*2 bilinear samples per bin at 5 FLOPs each (4 to interpolate, 1 to accumulate):
// 125440 * 20 = 2508800. roi_pool takes a max: 0 FLOPs. An adaptive ratio (<= 0) depends on the
// boxes and is refused.
BOOST_AUTO_TEST_CASE(roi_align_prices_its_samples) {
  OpBuilder op("roi_align");
  op.input({1, 256, 50, 50}).input({10, 5}).output({10, 256, 7, 7});
  op.attr("sampling_ratio", std::int64_t{2});
  BOOST_TEST(price(op).flops == 2508800u);
  BOOST_TEST(price(op).macs == 0u);
  OpBuilder pool("roi_pool");
  pool.input({1, 256, 50, 50}).input({10, 5}).output({10, 256, 7, 7});
  BOOST_TEST(price(pool).flops == 0u);
  OpBuilder adaptive("roi_align");
  adaptive.input({1, 256, 50, 50}).input({10, 5}).output({10, 256, 7, 7});
  adaptive.attr("sampling_ratio", std::int64_t{0});
  BOOST_CHECK_EXCEPTION(price(adaptive), Error, error_mentions("test_op", "sampling_ratio"));
}
