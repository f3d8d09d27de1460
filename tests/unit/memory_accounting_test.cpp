#define BOOST_TEST_MODULE memory_accounting
#include <boost/test/unit_test.hpp>

#include "graph_builder.hpp"
#include "graphstat/analysis.hpp"

// measure_memory's one rule (analysis.hpp), pinned with bytes worked out by hand: every output of
// an op counts, and parameters and buffers are weights, never activation inputs.

using namespace graphstat;

namespace {

// An op with any number of outputs (GraphBuilder's op() makes exactly one).
Graph::OpId add_op(Graph& g, const std::string& op, std::vector<TensorId> inputs,
                   std::vector<TensorId> outputs) {
  OpNode node;
  node.name = op + "#0";
  node.op = op;
  node.module = "m";
  node.inputs = std::move(inputs);
  node.outputs = std::move(outputs);
  return g.add_op(std::move(node));
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_output_of_a_multi_output_op_counts) {
  // Split of x (2, 6) float32 into (2, 2) and (2, 4): in 12*4 = 48 B, out 4*4 + 8*4 = 48 B.
  test::GraphBuilder b;
  const auto x = b.activation("x", {2, 6});
  const auto y0 = b.activation("y0", {2, 2});
  const auto y1 = b.activation("y1", {2, 4});
  const auto op = add_op(b.graph(), "split", {x}, {y0, y1});
  const OpMeasure m = measure_memory(b.graph(), op);
  BOOST_TEST(m.input_bytes == 48u);
  BOOST_TEST(m.output_bytes == 48u);  // Only the first output would be 16.
  BOOST_TEST(m.weight_bytes == 0u);
  BOOST_TEST(m.resolved);
}

BOOST_AUTO_TEST_CASE(buffers_are_weights_not_activation_inputs) {
  // Batch norm over x (1, 4, 8, 8) float32 = 256 * 4 = 1024 B, with weight and bias (parameters)
  // and running mean and var (buffers), 4 floats = 16 B each: weights 4 * 16 = 64 B, inputs 1024 B.
  // Counting the buffers as activations would give weights 32 B and inputs 1056 B.
  test::GraphBuilder b;
  const auto x = b.activation("x", {1, 4, 8, 8});
  const auto w = b.parameter("bn.weight", {4});
  const auto bias = b.parameter("bn.bias", {4});
  const auto mean = b.buffer("bn.running_mean", {4});
  const auto var = b.buffer("bn.running_var", {4});
  b.op("batch_norm", "bn", {x, w, bias, mean, var}, {1, 4, 8, 8});
  const OpMeasure m = measure_memory(b.graph(), 0);
  BOOST_TEST(m.input_bytes == 1024u);
  BOOST_TEST(m.weight_bytes == 64u);
  BOOST_TEST(m.output_bytes == 1024u);

  // The module row adds them the same way, and params count only the parameters: 4 + 4 = 8
  // (buffers are state, not parameters).
  const ModuleStats root = build_module_tree(b.graph(), {m});
  BOOST_TEST(root.params == 8u);
  BOOST_TEST(root.weight_bytes == 64u);
  BOOST_TEST(root.input_bytes == 1024u);
  BOOST_TEST(root.memory_bytes() == 2112u);  // 1024 + 1024 + 64
}

BOOST_AUTO_TEST_CASE(dtype_sizes_scale_the_bytes) {
  // (3, 5) = 15 elements: float16 30 B in, int8 15 B out, int64 weight (2) 16 B.
  test::GraphBuilder b;
  auto& g = b.graph();
  const auto x = g.add_tensor(Tensor{"x", {3, 5}, DType::float16, TensorRole::activation});
  const auto w = g.add_tensor(Tensor{"w", {2}, DType::int64, TensorRole::parameter});
  const auto y = g.add_tensor(Tensor{"y", {3, 5}, DType::int8, TensorRole::activation});
  const auto op = add_op(g, "quantize", {x, w}, {y});
  const OpMeasure m = measure_memory(g, op);
  BOOST_TEST(m.input_bytes == 30u);
  BOOST_TEST(m.weight_bytes == 16u);
  BOOST_TEST(m.output_bytes == 15u);
}
