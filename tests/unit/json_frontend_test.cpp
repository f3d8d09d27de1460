#define BOOST_TEST_MODULE json_frontend
#include "json_frontend.hpp"

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "graphstat/error.hpp"
#include "graphstat/json_graph_writer.hpp"
#include "json_graph_reader.hpp"
#include "temp_dir.hpp"
#include "text_checks.hpp"

using namespace graphstat;
using graphstat::frontends::read_json_graph;
using graphstat::test::contains;

namespace {

const char* kTiny = R"({
  "format": "graphstat-graph", "version": 1, "model": "tiny",
  "inputs": ["x"], "outputs": ["y"],
  "tensors": [
    {"name": "x", "shape": [1, 3, 8, 8]},
    {"name": "conv.weight", "shape": [4, 3, 3, 3], "role": "parameter"},
    {"name": "bn.running_mean", "shape": [4], "role": "buffer", "dtype": "float32"},
    {"name": "t0", "shape": [1, 4, 6, 6], "dtype": "float16"},
    {"name": "y", "shape": [1, 4, 6, 6], "dtype": "float16"}
  ],
  "nodes": [
    {"name": "conv", "op": "conv", "source_op": "Conv", "module": "features.conv",
     "inputs": ["x", "conv.weight", ""], "outputs": ["t0"],
     "attrs": {"strides": [1, 1], "group": 1, "mode": "x", "alpha": 0.5, "scales": [1.5, 2]}},
    {"name": "relu", "op": "relu", "inputs": ["t0"], "outputs": ["y"]}
  ]
})";

std::string error_of(const std::string& json) {
  try {
    read_json_graph(json, "bad.json");
  } catch (const Error& e) {
    return e.what();
  }
  BOOST_FAIL("expected graphstat::Error for " + json);
  return {};
}

std::string with_nodes(const std::string& tensors, const std::string& nodes) {
  return R"({"format": "graphstat-graph", "version": 1, "tensors": [)" + tensors +
         R"(], "nodes": [)" + nodes + "]}";
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_every_member) {
  const Graph g = read_json_graph(kTiny, "tiny.json");
  BOOST_TEST(g.name == "tiny");
  BOOST_TEST(g.op_count() == 2u);
  BOOST_TEST(g.tensor_count() == 5u);
  const OpNode& conv = g.op(0);
  BOOST_TEST(conv.op == "conv");
  BOOST_TEST(conv.source_op == "Conv");
  BOOST_TEST(conv.module == "features.conv");
  BOOST_TEST(conv.inputs.size() == 3u);
  BOOST_TEST(conv.inputs[2] == kNoTensor);  // "" keeps the optional bias slot.
  BOOST_TEST(conv.attr_ints("strides").value() == (std::vector<std::int64_t>{1, 1}));
  BOOST_TEST(conv.attr_int("group").value() == 1);
  BOOST_TEST(conv.attr_string("mode").value() == "x");
  BOOST_TEST(conv.attr_float("alpha").value() == 0.5);
  BOOST_TEST(std::get<std::vector<double>>(conv.attrs.at("scales")).at(0) == 1.5);
  BOOST_TEST(g.op(1).module == "");
  BOOST_TEST((g.tensor(*g.find_tensor("conv.weight")).role == TensorRole::parameter));
  BOOST_TEST((g.tensor(*g.find_tensor("bn.running_mean")).role == TensorRole::buffer));
  BOOST_TEST((g.tensor(*g.find_tensor("y")).dtype == DType::float16));
  BOOST_TEST(g.inputs.size() == 1u);
  BOOST_TEST(g.tensor(g.inputs[0]).name == "x");
}

BOOST_AUTO_TEST_CASE(bad_documents_get_one_clear_error) {
  BOOST_TEST(contains(error_of("{\"format\": "), "bad.json: not valid JSON"));
  BOOST_TEST(contains(error_of("[1, 2]"), "bad.json: the document: must be a JSON object"));
  BOOST_TEST(contains(error_of(R"({"format": "onnx", "version": 1})"),
                      "'format' is 'onnx', expected 'graphstat-graph'"));
  BOOST_TEST(contains(error_of(R"({"format": "graphstat-graph", "version": 7})"),
                      "unsupported version 7"));
  BOOST_TEST(contains(error_of(R"({"format": "graphstat-graph", "version": 1, "nodes": []})"),
                      "missing required member 'tensors'"));
  BOOST_TEST(contains(error_of(with_nodes(R"({"name": "x", "shape": [1, -2]})", "")),
                      "tensor 'x': 'shape' must hold non-negative integers"));
  BOOST_TEST(contains(error_of(with_nodes(R"({"name": "x", "shape": [1], "dtype": "float8"})", "")),
                      "unknown dtype 'float8'"));
  BOOST_TEST(contains(error_of(with_nodes(R"({"name": "x", "shape": [1], "role": "weight"})", "")),
                      "unknown role 'weight'"));
  BOOST_TEST(contains(
      error_of(with_nodes(R"({"name": "x", "shape": [1]}, {"name": "x", "shape": [1]})", "")),
      "duplicate tensor name 'x'"));
  BOOST_TEST(contains(
      error_of(with_nodes(R"({"name": "x", "shape": [1]})",
                          R"({"name": "n", "op": "relu", "inputs": ["q"], "outputs": ["x"]})")),
      "node 'n': 'inputs' names tensor 'q', which is not declared"));
  BOOST_TEST(contains(
      error_of(with_nodes(
          R"({"name": "x", "shape": [1]}, {"name": "y", "shape": [1]}, {"name": "z", "shape": [1]})",
          R"({"name": "a", "op": "relu", "inputs": ["y"], "outputs": ["z"]},
                             {"name": "b", "op": "relu", "inputs": ["x"], "outputs": ["y"]})")),
      "must be in execution order"));
  BOOST_TEST(contains(error_of(with_nodes(R"({"name": "x", "shape": [1]})",
                                          R"({"name": "n", "inputs": ["x"], "outputs": []})")),
                      "node 'n': missing required member 'op'"));
  BOOST_TEST(contains(
      error_of(with_nodes(
          R"({"name": "x", "shape": [1]})",
          R"({"name": "n", "op": "relu", "inputs": ["x"], "outputs": [], "attrs": {"k": {"a": 1}}})")),
      "attr 'k': attributes must be numbers, strings or arrays of numbers"));
}

BOOST_AUTO_TEST_CASE(input_bindings_must_match_the_fixed_shapes) {
  test::TempDir dir;
  const auto file = dir.write("tiny.json", kTiny);
  const frontends::JsonFrontend frontend;
  BOOST_TEST(frontend.load(file, LoadOptions{{InputSpec{"x", {1, 3, 8, 8}, {}}}}).op_count() == 2u);
  BOOST_TEST(
      frontend.load(file, LoadOptions{{InputSpec{"", {1, 3, 8, 8}, DType::float32}}}).op_count() ==
      2u);
  auto error = [&](InputSpec spec) {
    try {
      frontend.load(file, LoadOptions{{std::move(spec)}});
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  BOOST_TEST(contains(error(InputSpec{"x", {1, 3, 16, 16}, {}}),
                      "input 'x' has the fixed shape 1x3x8x8 in this JSON graph, not 1x3x16x16"));
  BOOST_TEST(contains(error(InputSpec{"image", {1, 3, 8, 8}, {}}), "no input 'image' (inputs: x)"));
  BOOST_TEST((contains(error(InputSpec{"x", {1, 3, 8, 8}, DType::float16}), "is float32")));
}

BOOST_AUTO_TEST_CASE(sniffs_its_format) {
  const frontends::JsonFrontend frontend;
  BOOST_TEST(frontend.sniff(R"({"format": "graphstat-graph", "version": 1)"));
  BOOST_TEST(!frontend.sniff(R"({"name": "package.json"})"));
  BOOST_TEST(!frontend.sniff("\x08\x07\x12\x07pytorch"));
}

BOOST_AUTO_TEST_CASE(missing_file) {
  const frontends::JsonFrontend frontend;
  BOOST_CHECK_EXCEPTION(frontend.load("/nonexistent/model.json", {}), Error, [](const Error& e) {
    return contains(e.what(), "/nonexistent/model.json: cannot read file");
  });
}

BOOST_AUTO_TEST_CASE(written_graphs_read_back_identically) {
  // Attributes of every kind, an absent operand, dtypes and roles all survive a write and a read.
  const Graph g = read_json_graph(kTiny, "tiny.json");
  std::ostringstream first;
  write_json_graph(g, first);
  const Graph back = read_json_graph(first.str(), "written.json");
  std::ostringstream second;
  write_json_graph(back, second);
  BOOST_TEST(first.str() == second.str());
  BOOST_TEST(back.op(0).attr_float("alpha").value() == 0.5);
  BOOST_TEST(std::get<std::vector<double>>(back.op(0).attrs.at("scales")).at(1) == 2.0);
  BOOST_TEST(back.op(0).inputs[2] == kNoTensor);
  BOOST_TEST((back.tensor(*back.find_tensor("y")).dtype == DType::float16));
  BOOST_TEST(back.name == "tiny");
}
