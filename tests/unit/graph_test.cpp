#define BOOST_TEST_MODULE graph
#include "graphstat/graph.hpp"

#include <boost/test/unit_test.hpp>

#include "graph_builder.hpp"
#include "graphstat/error.hpp"

using namespace graphstat;

BOOST_AUTO_TEST_CASE(tensor_bytes_follow_dtype) {
  Tensor t{"x", {1, 64, 56, 56}, DType::float32, TensorRole::activation};
  BOOST_TEST(t.numel() == 200704u);  // 64 * 56 * 56
  BOOST_TEST(t.bytes() == 802816u);  // 200704 * 4
  t.dtype = DType::float16;
  BOOST_TEST(t.bytes() == 401408u);
  Tensor scalar{"s", {}, DType::int64, TensorRole::constant};
  BOOST_TEST(scalar.numel() == 1u);
  BOOST_TEST(scalar.bytes() == 8u);
}

BOOST_AUTO_TEST_CASE(every_dtype_has_its_size_in_bytes) {
  BOOST_TEST(dtype_size(DType::float32) == 4u);
  BOOST_TEST(dtype_size(DType::float16) == 2u);
  BOOST_TEST(dtype_size(DType::bfloat16) == 2u);
  BOOST_TEST(dtype_size(DType::float64) == 8u);
  BOOST_TEST(dtype_size(DType::int8) == 1u);
  BOOST_TEST(dtype_size(DType::uint8) == 1u);
  BOOST_TEST(dtype_size(DType::int16) == 2u);
  BOOST_TEST(dtype_size(DType::int32) == 4u);
  BOOST_TEST(dtype_size(DType::int64) == 8u);
  BOOST_TEST(dtype_size(DType::boolean) == 1u);
  BOOST_TEST(dtype_size(DType::complex64) == 8u);
  BOOST_TEST(dtype_size(DType::complex128) == 16u);
}

BOOST_AUTO_TEST_CASE(dtype_names_and_aliases) {
  BOOST_TEST((parse_dtype("float32").value() == DType::float32));
  BOOST_TEST((parse_dtype("fp16").value() == DType::float16));
  BOOST_TEST((parse_dtype("bool").value() == DType::boolean));
  BOOST_TEST(!parse_dtype("float33"));
  BOOST_TEST((dtype_name(DType::bfloat16) == "bfloat16"));
  BOOST_TEST((dtype_size(DType::complex128) == 16u));
}

BOOST_AUTO_TEST_CASE(ops_connect_producers_to_consumers) {
  test::GraphBuilder b;
  auto x = b.activation("x", {1, 4});
  auto w = b.parameter("fc.weight", {2, 4});
  auto y = b.op("linear", "fc", {x, w}, {1, 2});
  auto z = b.op("relu", "", {y}, {1, 2});
  b.op("add", "", {y, z}, {1, 2});
  const Graph& g = b.graph();
  BOOST_TEST(g.op_count() == 3u);
  BOOST_TEST(boost::num_edges(g.topology()) == 3u);  // linear->relu, linear->add, relu->add
  BOOST_TEST(!g.producer(x).has_value());
  BOOST_TEST(g.producer(y).value() == 0u);
  BOOST_TEST(g.find_tensor("fc.weight").value() == w);
  BOOST_TEST(!g.find_tensor("nope"));
}

BOOST_AUTO_TEST_CASE(duplicate_tensor_names_are_refused) {
  test::GraphBuilder b;
  b.activation("x", {1});
  BOOST_CHECK_THROW(b.activation("x", {2}), Error);
}

BOOST_AUTO_TEST_CASE(ops_out_of_execution_order_are_refused) {
  Graph g;
  auto x = g.add_tensor(Tensor{"x", {1}});
  auto y = g.add_tensor(Tensor{"y", {1}});
  auto z = g.add_tensor(Tensor{"z", {1}});
  OpNode consumer{"late_reader", "relu", "", "", {}, {y}, {z}};
  g.add_op(consumer);
  OpNode producer{"producer", "relu", "", "", {}, {x}, {y}};
  BOOST_CHECK_EXCEPTION(g.add_op(producer), Error, [](const Error& e) {
    return std::string(e.what()).find("must be in execution order") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(a_tensor_has_one_producer) {
  Graph g;
  auto x = g.add_tensor(Tensor{"x", {1}});
  auto y = g.add_tensor(Tensor{"y", {1}});
  g.add_op(OpNode{"a", "relu", "", "", {}, {x}, {y}});
  BOOST_CHECK_THROW(g.add_op(OpNode{"b", "relu", "", "", {}, {x}, {y}}), Error);
}

BOOST_AUTO_TEST_CASE(an_absent_optional_output_is_skipped) {
  // ONNX leaves an unused optional output (LSTM's Y_c, say) unnamed: kNoTensor in the list. It has
  // no producer bookkeeping and must not be read out of bounds.
  Graph g;
  const auto x = g.add_tensor(Tensor{"x", {1, 4}, DType::float32, TensorRole::activation});
  const auto y = g.add_tensor(Tensor{"y", {1, 4}, DType::float32, TensorRole::activation});
  OpNode node;
  node.name = "n";
  node.op = "relu";
  node.inputs = {x};
  node.outputs = {kNoTensor, y};
  const auto id = g.add_op(node);
  BOOST_TEST(g.producer(y).value() == id);
  BOOST_TEST(!g.producer(x).has_value());
}

BOOST_AUTO_TEST_CASE(attributes_are_typed) {
  OpNode n;
  n.attrs["group"] = std::int64_t{32};
  n.attrs["kernel_shape"] = std::vector<std::int64_t>{3, 3};
  n.attrs["equation"] = std::string("ij,jk->ik");
  n.attrs["alpha"] = 0.5;
  BOOST_TEST(n.attr_int("group").value() == 32);
  BOOST_TEST(n.attr_ints("kernel_shape").value() == (std::vector<std::int64_t>{3, 3}));
  BOOST_TEST(n.attr_string("equation").value() == "ij,jk->ik");
  BOOST_TEST(n.attr_float("alpha").value() == 0.5);
  BOOST_TEST(n.attr_float("group").value() == 32.0);  // Integers read as floats too.
  BOOST_TEST(!n.attr_int("equation"));                // Wrong type is absent, not a crash.
  BOOST_TEST(!n.attr_int("missing"));
}

BOOST_AUTO_TEST_CASE(shape_tuples_in_the_seed_notation) {
  BOOST_TEST(format_shape_tuple({64, 64, 3, 3}) == "(64, 64, 3, 3)");
  BOOST_TEST(format_shape_tuple({64}) == "(64,)");
  BOOST_TEST(format_shape_tuple({}) == "()");
}
