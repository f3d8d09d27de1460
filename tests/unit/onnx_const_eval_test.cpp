#define BOOST_TEST_MODULE onnx_const_eval
#include "onnx_const_eval.hpp"

#include <boost/test/unit_test.hpp>
#include <limits>
#include <optional>
#include <string>
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

// ---- fold_more: the detection transforms' shape arithmetic (onnx_const_eval_more.cpp) ----------

namespace {

onnxfe::Value floats(Ints dims, std::vector<double> values) {
  onnxfe::Value v = onnxfe::Value::zeros(onnxfe::elem::float32, std::move(dims));
  v.f = std::move(values);
  return v;
}

struct Fold {
  onnxfe::Node node;
  std::vector<onnxfe::Value> values;
  std::vector<bool> known;
  std::vector<onnxfe::TensorType> outputs;

  explicit Fold(const std::string& op) { node.op_type = op; }
  Fold& in(onnxfe::Value v) {
    node.inputs.push_back("x" + std::to_string(values.size()));
    values.push_back(std::move(v));
    known.push_back(true);
    return *this;
  }
  Fold& unknown_in() {
    in(ints({1}, {0}));
    known.back() = false;
    return *this;
  }
  Fold& out(Ints dims, std::int32_t elem = onnxfe::elem::int64) {
    node.outputs.push_back("y" + std::to_string(outputs.size()));
    outputs.push_back({elem, std::move(dims)});
    return *this;
  }
  Fold& attr(const std::string& name, Ints v) {
    onnxfe::Attribute a;
    a.name = name;
    a.type = onnxfe::AttrType::ints;
    a.ints = std::move(v);
    node.attributes.push_back(a);
    return *this;
  }
  Fold& attr(const std::string& name, std::int64_t v) {
    onnxfe::Attribute a;
    a.name = name;
    a.type = onnxfe::AttrType::i;
    a.i = v;
    node.attributes.push_back(a);
    return *this;
  }
  std::optional<std::vector<onnxfe::Value>> run() const {
    std::vector<const onnxfe::Value*> in;
    for (std::size_t k = 0; k < values.size(); ++k) in.push_back(known[k] ? &values[k] : nullptr);
    return onnxfe::fold_more(node, in, outputs);
  }
  Ints ints_out(std::size_t k = 0) const {
    const auto r = run();
    BOOST_REQUIRE(r.has_value());
    return r->at(k).i;
  }
  std::vector<double> floats_out() const {
    const auto r = run();
    BOOST_REQUIRE(r.has_value());
    return r->at(0).f;
  }
};

const onnxfe::Value kRows = ints({2, 3}, {3, 1, 2, 6, 5, 4});  // [[3, 1, 2], [6, 5, 4]]

}  // namespace

BOOST_AUTO_TEST_CASE(reductions_over_an_axis_or_all) {
  // Per row: min [1, 4], max [3, 6]; all: sum 21; per column: product [18, 5, 8].
  BOOST_TEST(
      Fold("ReduceMin").in(kRows).attr("axes", Ints{1}).out({2, 1}).ints_out() == (Ints{1, 4}),
      boost::test_tools::per_element());
  BOOST_TEST(
      Fold("ReduceMax").in(kRows).attr("axes", Ints{-1}).attr("keepdims", 0).out({2}).ints_out() ==
          (Ints{3, 6}),
      boost::test_tools::per_element());
  BOOST_TEST(Fold("ReduceSum").in(kRows).out({1, 1}).ints_out() == (Ints{21}),
             boost::test_tools::per_element());
  BOOST_TEST(
      Fold("ReduceProd").in(kRows).attr("axes", Ints{0}).out({1, 3}).ints_out() == (Ints{18, 5, 8}),
      boost::test_tools::per_element());
  // Mean of [[1, 2, 3], [4, 5, 6]] per row, as floats: [2, 5].
  BOOST_TEST(Fold("ReduceMean")
                     .in(floats({2, 3}, {1, 2, 3, 4, 5, 6}))
                     .attr("axes", Ints{1})
                     .out({2, 1}, onnxfe::elem::float32)
                     .floats_out() == (std::vector<double>{2, 5}),
             boost::test_tools::per_element());
  // Opset 18: axes as an input; its value unknown, nothing is folded.
  BOOST_TEST(
      Fold("ReduceMin").in(kRows).in(ints({1}, {0})).out({1, 3}).ints_out() == (Ints{3, 1, 2}),
      boost::test_tools::per_element());
  BOOST_TEST(!Fold("ReduceMin").in(kRows).unknown_in().out({1, 3}).run().has_value());
  // No axes with noop_with_empty_axes: the input as it is.
  BOOST_TEST(Fold("ReduceSum").in(kRows).attr("noop_with_empty_axes", 1).out({2, 3}).ints_out() ==
                 (Ints{3, 1, 2, 6, 5, 4}),
             boost::test_tools::per_element());
  // An axis out of range, or an int64 sum that overflows: not folded, never wrong.
  BOOST_TEST(!Fold("ReduceMin").in(kRows).attr("axes", Ints{2}).out({2, 1}).run().has_value());
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  BOOST_TEST(!Fold("ReduceSum").in(ints({2}, {big, 1})).out({1}).run().has_value());
}

BOOST_AUTO_TEST_CASE(reciprocal_and_round_half_to_even) {
  BOOST_TEST(
      Fold("Reciprocal").in(floats({2}, {2, 4})).out({2}, onnxfe::elem::float32).floats_out() ==
          (std::vector<double>{0.5, 0.25}),
      boost::test_tools::per_element());
  BOOST_TEST(
      !Fold("Reciprocal").in(floats({1}, {0})).out({1}, onnxfe::elem::float32).run().has_value());
  // ONNX Round: halves to the even neighbour.
  BOOST_TEST(Fold("Round")
                     .in(floats({4}, {0.5, 1.5, 2.5, 2.6}))
                     .out({4}, onnxfe::elem::float32)
                     .floats_out() == (std::vector<double>{0, 2, 2, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(Fold("Round").in(ints({2}, {7, -3})).out({2}).ints_out() == (Ints{7, -3}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(variadic_min_max_sum_broadcast) {
  // [1, 5], [3, 2] and [4] (broadcast): min [1, 2], max [4, 5], sum [8, 11].
  const auto three = [](const std::string& op) {
    return Fold(op).in(ints({2}, {1, 5})).in(ints({2}, {3, 2})).in(ints({1}, {4})).out({2});
  };
  BOOST_TEST(three("Min").ints_out() == (Ints{1, 2}), boost::test_tools::per_element());
  BOOST_TEST(three("Max").ints_out() == (Ints{4, 5}), boost::test_tools::per_element());
  BOOST_TEST(three("Sum").ints_out() == (Ints{8, 11}), boost::test_tools::per_element());
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  BOOST_TEST(
      !Fold("Sum").in(ints({1}, {big})).in(ints({1}, {1})).in(ints({1}, {0})).out({1}).run());
  // An input of higher rank than the output cannot broadcast to it.
  BOOST_TEST(!Fold("Max")
                  .in(ints({1, 2}, {1, 2}))
                  .in(ints({2}, {1, 2}))
                  .in(ints({2}, {0, 0}))
                  .out({2})
                  .run());
}

BOOST_AUTO_TEST_CASE(split_tile_and_nonzero) {
  // [[0, 1, 2, 3], [4, 5, 6, 7]] split on the last axis into 1 and 3 columns.
  const auto rows = ints({2, 4}, {0, 1, 2, 3, 4, 5, 6, 7});
  const auto parts = Fold("Split").in(rows).attr("axis", -1).out({2, 1}).out({2, 3}).run();
  BOOST_REQUIRE(parts.has_value());
  BOOST_TEST(parts->at(0).i == (Ints{0, 4}), boost::test_tools::per_element());
  BOOST_TEST(parts->at(1).i == (Ints{1, 2, 3, 5, 6, 7}), boost::test_tools::per_element());
  // Extents that do not add up to the axis: not folded.
  BOOST_TEST(!Fold("Split").in(rows).attr("axis", 1).out({2, 1}).out({2, 2}).run());
  BOOST_TEST(!Fold("Split").in(rows).attr("axis", 2).out({2, 4}).run());
  // [[1, 2]] tiled to 2 x 4: [[1, 2, 1, 2], [1, 2, 1, 2]].
  BOOST_TEST(Fold("Tile").in(ints({1, 2}, {1, 2})).in(ints({2}, {2, 2})).out({2, 4}).ints_out() ==
                 (Ints{1, 2, 1, 2, 1, 2, 1, 2}),
             boost::test_tools::per_element());
  // NonZero of [[0, 1, 0], [2, 0, 3]]: rows [0, 1, 1], columns [1, 0, 2].
  const auto mask = ints({2, 3}, {0, 1, 0, 2, 0, 3});
  BOOST_TEST(Fold("NonZero").in(mask).out({2, 3}).ints_out() == (Ints{0, 1, 1, 1, 0, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(!Fold("NonZero").in(mask).out({2, 2}).run());  // A count the rule got wrong.
}

BOOST_AUTO_TEST_CASE(what_fold_more_leaves_alone) {
  BOOST_TEST(!Fold("Conv").in(kRows).out({2, 3}).run());  // Not its op.
  BOOST_TEST(!Fold("Tile").unknown_in().in(ints({1}, {2})).out({2}).run());
  // Every output needs a known shape and a small enough element count.
  BOOST_TEST(!Fold("ReduceSum").in(kRows).out({1, 1 << 30}).run());
}

BOOST_AUTO_TEST_CASE(comparisons_broadcast_each_operand_at_its_own_position) {
  // [1, 2, 3] < [2] (rank 1, broadcast): [1 < 2, 2 < 2, 3 < 2] = [1, 0, 0]; and the scalar-like
  // operand first, [2] < [1, 2, 3]: [0, 0, 1]. Reading either operand at the other's position
  // would compare 1 with 2 three times.
  onnxfe::Node node;
  node.op_type = "Less";
  node.inputs = {"a", "b"};
  node.outputs = {"y"};
  const auto less = [&](const onnxfe::Value& a, const onnxfe::Value& b) {
    const onnxfe::TensorType ta{onnxfe::elem::int64, a.dims}, tb{onnxfe::elem::int64, b.dims};
    const auto result = onnxfe::fold_node(node, {&a, &b}, {&ta, &tb},
                                          {onnxfe::TensorType{onnxfe::elem::boolean, Ints{3}}});
    BOOST_REQUIRE(result.has_value());
    Ints out;
    for (std::size_t k = 0; k < 3; ++k) out.push_back(result->at(0).at_i(k));
    return out;
  };
  BOOST_TEST(less(ints({3}, {1, 2, 3}), ints({1}, {2})) == (Ints{1, 0, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(less(ints({1}, {2}), ints({3}, {1, 2, 3})) == (Ints{0, 0, 1}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(integer_mod_takes_the_sign_of_the_divisor) {
  // ONNX Mod with fmod = 0 on integers is floored, as Python's %: -7 mod 2 = 1 (floor(-3.5) = -4,
  // -7 - (-8)), 7 mod -2 = -1, 6 mod -3 = 0 (exact: no flooring step), 7 mod 2 = 1.
  const Ints got = fold("Mod", ints({4}, {-7, 7, 6, 7}), ints({4}, {2, -2, -3, 2}), {4});
  BOOST_TEST(got == (Ints{1, -1, 0, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(variadic_min_max_sum_of_floats) {
  // Three inputs (two are folded by onnx_const_eval.cpp): [1.5, -2], [0.5, 3.25], [1, 0]:
  // min [0.5, -2], max [1.5, 3.25], sum [3, 1.25].
  const auto floats = [](std::vector<double> v) {
    onnxfe::Value value = onnxfe::Value::zeros(onnxfe::elem::float32, {2});
    value.f = std::move(v);
    return value;
  };
  const auto three = [&](const std::string& op) {
    const auto r = Fold(op)
                       .in(floats({1.5, -2}))
                       .in(floats({0.5, 3.25}))
                       .in(floats({1, 0}))
                       .out({2}, onnxfe::elem::float32)
                       .run();
    BOOST_REQUIRE(r.has_value());
    return r->at(0).f;
  };
  BOOST_TEST(three("Min") == (std::vector<double>{0.5, -2}), boost::test_tools::per_element());
  BOOST_TEST(three("Max") == (std::vector<double>{1.5, 3.25}), boost::test_tools::per_element());
  BOOST_TEST(three("Sum") == (std::vector<double>{3, 1.25}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(variadic_ops_with_an_unknown_input_do_not_fold) {
  // Only Split and the reductions may miss an input (their optional axes or split sizes).
  BOOST_TEST(!Fold("Max").in(ints({2}, {1, 5})).unknown_in().in(ints({2}, {3, 2})).out({2}).run());
  BOOST_TEST(!Fold("Sum").in(ints({2}, {1, 5})).in(ints({2}, {3, 2})).unknown_in().out({2}).run());
}
