#define BOOST_TEST_MODULE onnx_const_eval
#include "onnx_const_eval.hpp"

#include <boost/test/unit_test.hpp>
#include <vector>

// Constant folding of the shape arithmetic exporters write, on values worked out by hand. The
// broadcasting cases have operands of different ranks: numpy aligns them at the last dim.

namespace onnxfe = graphstat::frontends::onnxfe;
using Ints = std::vector<std::int64_t>;

namespace {

onnxfe::Value ints(Ints dims, Ints values) {
  onnxfe::Value v = onnxfe::Value::zeros(onnxfe::elem::int64, std::move(dims));
  v.i = std::move(values);
  return v;
}

// Folds `op` on two int64 operands into an int64 result of shape `out`.
Ints fold(const std::string& op, const onnxfe::Value& a, const onnxfe::Value& b, Ints out) {
  onnxfe::Node node;
  node.op_type = op;
  node.inputs = {"a", "b"};
  node.outputs = {"y"};
  const onnxfe::TensorType ta{onnxfe::elem::int64, a.dims}, tb{onnxfe::elem::int64, b.dims};
  const auto result =
      onnxfe::fold_node(node, {&a, &b}, {&ta, &tb}, {onnxfe::TensorType{onnxfe::elem::int64, out}});
  BOOST_REQUIRE(result.has_value());
  BOOST_REQUIRE(result->size() == 1u);
  return result->at(0).i;
}

}  // namespace

BOOST_AUTO_TEST_CASE(add_broadcasts_a_row_over_every_row) {
  // [[1, 2, 3], [4, 5, 6]] + [10, 20, 30]: the vector is the last dim of the matrix.
  const Ints expected{11, 22, 33, 14, 25, 36};
  const Ints got = fold("Add", ints({2, 3}, {1, 2, 3, 4, 5, 6}), ints({3}, {10, 20, 30}), {2, 3});
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_column_and_a_row_make_a_table) {
  // [[1], [2]] (2x1) * [10, 20, 30] (3): an outer product, 2x3.
  const Ints expected{10, 20, 30, 20, 40, 60};
  const Ints got = fold("Mul", ints({2, 1}, {1, 2}), ints({3}, {10, 20, 30}), {2, 3});
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_lower_rank_operand_may_come_first) {
  // [100, 200] - [[1, 2], [3, 4], [5, 6]]: [[99, 198], [97, 196], [95, 194]].
  const Ints expected{99, 198, 97, 196, 95, 194};
  const Ints got = fold("Sub", ints({2}, {100, 200}), ints({3, 2}, {1, 2, 3, 4, 5, 6}), {3, 2});
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_dim_of_one_broadcasts_at_its_own_position) {
  // zeros(2, 2, 2, 3) + B (1, 2, 3) = [1..6]: B is aligned at the last dims, its leading 1 spreads
  // over the second dim and the missing first dim over the first: [1..6] four times. (Rank 4
  // against rank 3, so that a dim read at the wrong position is still in range, and wrong.)
  Ints expected;
  for (int copy = 0; copy < 4; ++copy) {
    for (std::int64_t v = 1; v <= 6; ++v) expected.push_back(v);
  }
  const Ints got = fold("Add", ints({2, 2, 2, 3}, Ints(24, 0)), ints({1, 2, 3}, {1, 2, 3, 4, 5, 6}),
                        {2, 2, 2, 3});
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}
