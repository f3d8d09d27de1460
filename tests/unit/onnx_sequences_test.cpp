#define BOOST_TEST_MODULE onnx_sequences
#include "onnx_sequences.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

// Sequence and Optional ops, node by node, against shapes worked out by hand from the ONNX spec.

namespace onnxfe = graphstat::frontends::onnxfe;
using Dims = std::vector<std::int64_t>;

namespace {

onnxfe::Node node(const std::string& op, std::vector<std::string> inputs, std::string output) {
  onnxfe::Node n;
  n.op_type = op;
  n.name = op;
  n.inputs = std::move(inputs);
  n.outputs = {std::move(output)};
  return n;
}

onnxfe::Attribute int_attr(const std::string& name, std::int64_t v) {
  onnxfe::Attribute a;
  a.name = name;
  a.type = onnxfe::AttrType::i;
  a.i = v;
  return a;
}

onnxfe::Value ints(Dims values, Dims dims) {
  onnxfe::Value v = onnxfe::Value::zeros(onnxfe::elem::int64, std::move(dims));
  v.i = std::move(values);
  return v;
}

struct Run {
  onnxfe::Sequences seqs;
  std::vector<onnxfe::TensorType> out;
  std::optional<onnxfe::Value> value;

  // `types[k]`/`values[k]` for input k (null: unknown or a sequence).
  bool infer(const onnxfe::Node& n, std::vector<const onnxfe::TensorType*> types,
             std::vector<const onnxfe::Value*> values = {}) {
    values.resize(types.size(), nullptr);
    value.reset();
    return seqs.infer(n, onnxfe::NodeInputs{types, values}, out, value);
  }
};

const onnxfe::TensorType kX{onnxfe::elem::float32, Dims{6, 4}};

}  // namespace

// SplitToSequence of x[6, 4] with split = [2, 4] along axis 0: elements [2, 4] and [4, 4].
// SequenceLength is 2; SequenceAt(1) is [4, 4]; ConcatFromSequence along 0 is [2 + 4, 4] = [6, 4].
BOOST_AUTO_TEST_CASE(split_then_read_back) {
  Run r;
  const onnxfe::Value split = ints({2, 4}, {2});
  BOOST_TEST(
      r.infer(node("SplitToSequence", {"x", "split"}, "s"), {&kX, nullptr}, {nullptr, &split}));
  BOOST_TEST(r.infer(node("SequenceLength", {"s"}, "n"), {nullptr}));
  BOOST_TEST_REQUIRE(r.value.has_value());
  BOOST_TEST(r.value->i == Dims{2});
  BOOST_TEST((r.out[0].dims == Dims{}));
  const onnxfe::Value one = ints({1}, {});
  BOOST_TEST(r.infer(node("SequenceAt", {"s", "p"}, "e"), {nullptr, nullptr}, {nullptr, &one}));
  BOOST_TEST((r.out[0].dims == Dims{4, 4}));
  auto concat = node("ConcatFromSequence", {"s"}, "c");
  concat.attributes.push_back(int_attr("axis", 0));
  BOOST_TEST(r.infer(concat, {nullptr}));
  BOOST_TEST((r.out[0].dims == Dims{6, 4}));
}

// SplitToSequence without split, keepdims = 0: x[6, 4] along axis 1 gives 4 elements [6];
// ConcatFromSequence with new_axis = 1 at axis 1 stacks them into [6, 4].
BOOST_AUTO_TEST_CASE(split_into_ones_and_stack) {
  Run r;
  auto split = node("SplitToSequence", {"x"}, "s");
  split.attributes = {int_attr("axis", 1), int_attr("keepdims", 0)};
  BOOST_TEST(r.infer(split, {&kX}));
  const onnxfe::Value zero = ints({0}, {});
  BOOST_TEST(r.infer(node("SequenceAt", {"s", "p"}, "e"), {nullptr, nullptr}, {nullptr, &zero}));
  BOOST_TEST((r.out[0].dims == Dims{6}));
  auto stack = node("ConcatFromSequence", {"s"}, "c");
  stack.attributes = {int_attr("axis", 1), int_attr("new_axis", 1)};
  BOOST_TEST(r.infer(stack, {nullptr}));
  BOOST_TEST((r.out[0].dims == Dims{6, 4}));
}

// SequenceEmpty, insert x[6, 4] at the back and y[2] at the front (position 0): [y, x]; erase the
// last: [y]. Length 1, element 0 is [2]. A position past the end is an error.
BOOST_AUTO_TEST_CASE(insert_and_erase) {
  Run r;
  const onnxfe::TensorType y{onnxfe::elem::float32, Dims{2}};
  BOOST_TEST(r.infer(node("SequenceEmpty", {}, "s0"), {}));
  BOOST_TEST(r.infer(node("SequenceInsert", {"s0", "x"}, "s1"), {nullptr, &kX}));
  const onnxfe::Value zero = ints({0}, {});
  BOOST_TEST(r.infer(node("SequenceInsert", {"s1", "y", "p"}, "s2"), {nullptr, &y, nullptr},
                     {nullptr, nullptr, &zero}));
  BOOST_TEST(r.infer(node("SequenceAt", {"s2", "p"}, "e"), {nullptr, nullptr}, {nullptr, &zero}));
  BOOST_TEST((r.out[0].dims == Dims{2}));
  BOOST_TEST(r.infer(node("SequenceErase", {"s2"}, "s3"), {nullptr}));
  BOOST_TEST(r.infer(node("SequenceLength", {"s3"}, "n"), {nullptr}));
  BOOST_TEST_REQUIRE(r.value.has_value());
  BOOST_TEST(r.value->i == Dims{1});
  const onnxfe::Value five = ints({5}, {});
  BOOST_CHECK_THROW(
      r.infer(node("SequenceAt", {"s3", "p"}, "e"), {nullptr, nullptr}, {nullptr, &five}),
      onnxfe::ShapeError);
}

// A sequence whose length is unknown (a declared input of [3, 3] tensors): SequenceAt gives the
// shape every element has, SequenceLength has no value.
BOOST_AUTO_TEST_CASE(declared_sequence_gives_its_element_shape) {
  Run r;
  onnxfe::ValueInfo vi;
  vi.name = "in";
  vi.kind = onnxfe::ValueKind::sequence;
  vi.elem = onnxfe::elem::float32;
  vi.has_shape = true;
  vi.dims = {{3, ""}, {3, ""}};
  r.seqs.declare("in", vi);
  BOOST_TEST(r.infer(node("SequenceAt", {"in", "p"}, "e"), {nullptr, nullptr}));
  BOOST_TEST((r.out[0].dims == Dims{3, 3}));
  BOOST_TEST(r.infer(node("SequenceLength", {"in"}, "n"), {nullptr}));
  BOOST_TEST(!r.value.has_value());
}

// Optional(x) holds x: OptionalHasElement is true and OptionalGetElement is x's shape; an Optional
// without input is empty: OptionalHasElement is false. Other ops are not sequence ops.
BOOST_AUTO_TEST_CASE(optionals) {
  Run r;
  BOOST_TEST(r.infer(node("Optional", {"x"}, "o"), {&kX}));
  BOOST_TEST(r.infer(node("OptionalHasElement", {"o"}, "h"), {nullptr}));
  BOOST_TEST_REQUIRE(r.value.has_value());
  BOOST_TEST(r.value->i == Dims{1});
  BOOST_TEST(r.infer(node("OptionalGetElement", {"o"}, "g"), {&kX}));
  BOOST_TEST((r.out[0].dims == Dims{6, 4}));
  BOOST_TEST(r.infer(node("Optional", {}, "empty"), {}));
  BOOST_TEST(r.infer(node("OptionalHasElement", {"empty"}, "h2"), {nullptr}));
  BOOST_TEST_REQUIRE(r.value.has_value());
  BOOST_TEST(r.value->i == Dims{0});
  BOOST_TEST(!r.infer(node("Relu", {"x"}, "r"), {&kX}));
}
