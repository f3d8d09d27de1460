// The graph passes (core/src/passes): each decomposed pattern an exporter writes becomes the one
// canonical op the TorchScript frontend gives for the same module, priced the same; a pattern
// whose intermediate is read outside it stays as it is; load-time ops are folded away; and end to
// end, vit_b_16 read from ONNX reports what it reports from its TorchScript-made JSON, and the
// sequence models' .pt and .onnx give the same rows.
#define BOOST_TEST_MODULE fuse_patterns
#include "graphstat/fuse_patterns.hpp"

#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "data_movement_cost_model.hpp"
#include "elementwise_cost_model.hpp"
#include "graphstat/analysis.hpp"
#include "graphstat/fold_load_time.hpp"
#include "matmul_cost_model.hpp"
#include "normalization_cost_model.hpp"
#include "pooling_cost_model.hpp"
#include "run_graphstat.hpp"

using namespace graphstat;

namespace {

// Builds a graph op by op, with attributes (GraphBuilder's ops have none).
class Builder {
 public:
  TensorId tensor(const std::string& name, Shape shape, TensorRole role = TensorRole::activation) {
    return graph.add_tensor(Tensor{name, std::move(shape), DType::float32, role});
  }
  TensorId param(const std::string& name, Shape shape) {
    return tensor(name, std::move(shape), TensorRole::parameter);
  }
  TensorId op(const std::string& op, const std::string& module, std::vector<TensorId> inputs,
              Shape out_shape, std::vector<std::int64_t> perm = {}) {
    const std::string name = module + "/" + op + "_" + std::to_string(count_++);
    const TensorId out = tensor(name + ":0", std::move(out_shape));
    OpNode node;
    node.name = name;
    node.op = op;
    node.source_op = "Test" + op;
    node.module = module;
    node.inputs = std::move(inputs);
    node.outputs = {out};
    if (!perm.empty()) node.attrs["perm"] = perm;
    if (op == "gemm") node.attrs["transB"] = std::int64_t{1};
    graph.add_op(std::move(node));
    return out;
  }
  Graph graph;

 private:
  int count_ = 0;
};

struct Totals {
  std::uint64_t macs = 0;
  std::uint64_t flops = 0;
  std::uint64_t memory = 0;
};

// Prices every op with the built-in cost models, as the core does (memory by the core's rule).
Totals totals(const Graph& graph) {
  static const std::vector<std::shared_ptr<CostModel>> models{
      std::make_shared<plugins::MatmulCostModel>(),
      std::make_shared<plugins::NormalizationCostModel>(),
      std::make_shared<plugins::ElementwiseCostModel>(),
      std::make_shared<plugins::DataMovementCostModel>(),
      std::make_shared<plugins::PoolingCostModel>()};
  Totals t;
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpMeasure m = measure_memory(graph, id);
    t.memory += m.input_bytes + m.output_bytes + m.weight_bytes;
    const OpNode& node = graph.op(id);
    OpView view{node, {}, {}};
    for (auto in : node.inputs)
      view.inputs.push_back(in == kNoTensor ? nullptr : &graph.tensor(in));
    for (auto out : node.outputs) view.outputs.push_back(&graph.tensor(out));
    for (const auto& model : models) {
      const auto ops = model->ops();
      if (std::find(ops.begin(), ops.end(), node.op) == ops.end()) continue;
      const OpCost cost = model->cost(view);
      t.macs += cost.macs;
      t.flops += cost.flops;
      break;
    }
  }
  return t;
}

std::vector<std::string> tensor_names(const Graph& graph, const std::vector<TensorId>& ids) {
  std::vector<std::string> names;
  for (auto id : ids) names.push_back(id == kNoTensor ? "" : graph.tensor(id).name);
  return names;
}

// nn.LayerNorm(8) on (1, 4, 8) as torch.onnx.export writes it at opset 9; with
// `affine_first`, the scale and shift come first in their Mul and Add (Mul(gamma, n)).
Builder decomposed_layer_norm(bool leak_difference, bool affine_first = false) {
  Builder b;
  const auto x = b.tensor("x", {1, 4, 8});
  const auto gamma = b.param("ln.weight", {8});
  const auto beta = b.param("ln.bias", {8});
  const auto mu = b.op("reduce_mean", "ln", {x}, {1, 4, 1});
  const auto d = b.op("sub", "ln", {x, mu}, {1, 4, 8});
  const auto sq = b.op("pow", "ln", {d}, {1, 4, 8});
  const auto var = b.op("reduce_mean", "ln", {sq}, {1, 4, 1});
  const auto eps = b.op("add", "ln", {var}, {1, 4, 1});
  const auto s = b.op("sqrt", "ln", {eps}, {1, 4, 1});
  const auto n = b.op("div", "ln", {d, s}, {1, 4, 8});
  const auto scaled = affine_first ? b.op("mul", "ln", {gamma, n}, {1, 4, 8})
                                   : b.op("mul", "ln", {n, gamma}, {1, 4, 8});
  const auto y = affine_first ? b.op("add", "ln", {beta, scaled}, {1, 4, 8})
                              : b.op("add", "ln", {scaled, beta}, {1, 4, 8});
  b.graph.inputs = {x};
  b.graph.outputs = {y};
  if (leak_difference) b.graph.outputs.push_back(b.op("relu", "other", {d}, {1, 4, 8}));
  return b;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_decomposed_layer_norm_becomes_layer_norm) {
  Builder b = decomposed_layer_norm(false);
  const Totals before = totals(b.graph);
  const FusionCounts counts = fuse_patterns(b.graph);
  BOOST_TEST(counts.at("layer_norm") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 1u);
  const OpNode& ln = b.graph.op(0);
  BOOST_TEST(ln.op == "layer_norm");
  BOOST_TEST(ln.module == "ln");
  BOOST_TEST(ln.name == "ln/layer_norm");
  BOOST_TEST(
      tensor_names(b.graph, ln.inputs) == (std::vector<std::string>{"x", "ln.weight", "ln.bias"}),
      boost::test_tools::per_element());
  BOOST_TEST(b.graph.tensor(ln.outputs.at(0)).name == "ln/add_8:0");
  BOOST_TEST(b.graph.tensor_count() == 4u);  // x, gamma, beta, y: the 8 intermediates are gone.
  const Totals after = totals(b.graph);
  BOOST_TEST(after.macs == 0u);
  // 5 FLOPs per output element (normalization plugin): 5 x 32 = 160.
  BOOST_TEST(after.flops == 160u);
  // x 32 x 4 B + y 128 B + gamma 8 x 4 B + beta 32 B = 320 B.
  BOOST_TEST(after.memory == 320u);
  BOOST_TEST(before.memory > after.memory);
}

BOOST_AUTO_TEST_CASE(the_affine_operands_may_come_first) {
  Builder b = decomposed_layer_norm(false, true);
  BOOST_TEST(fuse_patterns(b.graph).at("layer_norm") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 1u);
  BOOST_TEST(tensor_names(b.graph, b.graph.op(0).inputs) ==
                 (std::vector<std::string>{"x", "ln.weight", "ln.bias"}),
             boost::test_tools::per_element());
  BOOST_TEST(totals(b.graph).memory == 320u);  // As above: x, y, gamma and beta.
}

BOOST_AUTO_TEST_CASE(an_intermediate_read_outside_the_pattern_is_not_fused) {
  // The Sub's output also feeds a relu of another module: fusing would lose it.
  Builder b = decomposed_layer_norm(true);
  const std::size_t ops = b.graph.op_count();
  const Totals before = totals(b.graph);
  const FusionCounts counts = fuse_patterns(b.graph);
  BOOST_TEST(counts.empty());
  BOOST_TEST(b.graph.op_count() == ops);
  const Totals after = totals(b.graph);
  BOOST_TEST(after.flops == before.flops);
  BOOST_TEST(after.memory == before.memory);
}

BOOST_AUTO_TEST_CASE(an_erf_gelu_becomes_gelu) {
  Builder b;
  const auto x = b.tensor("x", {2, 16});
  const auto a = b.op("div", "act", {x}, {2, 16});
  const auto e = b.op("erf", "act", {a}, {2, 16});
  const auto e1 = b.op("add", "act", {e}, {2, 16});
  const auto p = b.op("mul", "act", {x, e1}, {2, 16});
  const auto y = b.op("mul", "act", {p}, {2, 16});
  b.graph.inputs = {x};
  b.graph.outputs = {y};
  BOOST_TEST(fuse_patterns(b.graph).at("gelu") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 1u);
  BOOST_TEST(b.graph.op(0).op == "gelu");
  BOOST_TEST(b.graph.op(0).source_op == "fused(Testdiv,Testerf,Testadd,Testmul)");
  const Totals after = totals(b.graph);
  BOOST_TEST(after.flops == 160u);   // 5 per element (elementwise plugin's gelu) x 32.
  BOOST_TEST(after.memory == 256u);  // x 128 B + y 128 B.
}

BOOST_AUTO_TEST_CASE(a_transposed_matmul_plus_bias_becomes_linear) {
  Builder b;
  const auto x = b.tensor("x", {1, 4, 8});
  const auto w = b.param("fc.weight", {16, 8});
  const auto bias = b.param("fc.bias", {16});
  const auto wt = b.op("transpose", "fc", {w}, {8, 16}, {1, 0});
  const auto m = b.op("matmul", "fc", {x, wt}, {1, 4, 16});
  const auto y = b.op("add", "fc", {bias, m}, {1, 4, 16});
  b.graph.inputs = {x};
  b.graph.outputs = {y};
  const Totals before = totals(b.graph);
  BOOST_TEST(fuse_patterns(b.graph).at("linear") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 1u);
  BOOST_TEST(tensor_names(b.graph, b.graph.op(0).inputs) ==
                 (std::vector<std::string>{"x", "fc.weight", "fc.bias"}),
             boost::test_tools::per_element());
  const Totals after = totals(b.graph);
  BOOST_TEST(after.macs == 512u);    // 64 outputs x K 8.
  BOOST_TEST(after.flops == 1088u);  // 2 x 512 + 64 bias adds.
  // x 128 B + weight 512 B + bias 64 B + y 256 B = 960 B; unfused, the transpose wrote the weight
  // again and the add read and wrote y: 960 + 512 + 512 + 256 + 256 = 2496 B.
  BOOST_TEST(after.memory == 960u);
  BOOST_TEST(before.memory == 2496u);
  BOOST_TEST(before.macs == after.macs);
  BOOST_TEST(before.flops == after.flops);
}

BOOST_AUTO_TEST_CASE(x_times_sigmoid_x_becomes_silu) {
  Builder b;
  const auto x = b.tensor("x", {2, 16});
  const auto gate = b.op("sigmoid", "mlp", {x}, {2, 16});
  const auto y = b.op("mul", "mlp", {gate, x}, {2, 16});
  b.graph.inputs = {x};
  b.graph.outputs = {y};
  const Totals before = totals(b.graph);
  BOOST_TEST(fuse_patterns(b.graph).at("silu") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 1u);
  BOOST_TEST(b.graph.op(0).op == "silu");
  BOOST_TEST(tensor_names(b.graph, b.graph.op(0).inputs) == (std::vector<std::string>{"x"}),
             boost::test_tools::per_element());
  const Totals after = totals(b.graph);
  // 4 FLOPs per element (elementwise plugin's silu) x 32 = 128, the sigmoid's 3 x 32 plus the
  // product's 32 before; memory x 128 B + y 128 B = 256 B, against (128 + 128) + (3 x 128) = 640 B.
  BOOST_TEST(after.flops == 128u);
  BOOST_TEST(before.flops == 128u);
  BOOST_TEST(after.memory == 256u);
  BOOST_TEST(before.memory == 640u);
}

BOOST_AUTO_TEST_CASE(a_product_with_the_sigmoid_of_another_tensor_is_not_silu) {
  Builder b;
  const auto x = b.tensor("x", {2, 16});
  const auto z = b.tensor("z", {2, 16});
  const auto y = b.op("mul", "glu", {x, b.op("sigmoid", "glu", {z}, {2, 16})}, {2, 16});
  b.graph.inputs = {x, z};
  b.graph.outputs = {y};
  BOOST_TEST(fuse_patterns(b.graph).empty());
  BOOST_TEST(b.graph.op_count() == 2u);
}

BOOST_AUTO_TEST_CASE(consecutive_transposes_are_one_and_contiguous_is_removed) {
  // x (2, 3, 4) -> transpose [1, 0, 2] -> (3, 2, 4) -> transpose [0, 2, 1] -> (3, 4, 2)
  // -> contiguous -> relu. The chain is one transpose of perm p1[p2[i]] = [1, 2, 0].
  Builder b;
  const auto x = b.tensor("x", {2, 3, 4});
  const auto t1 = b.op("transpose", "attn", {x}, {3, 2, 4}, {1, 0, 2});
  const auto t2 = b.op("transpose", "attn", {t1}, {3, 4, 2}, {0, 2, 1});
  const auto c = b.op("contiguous", "attn", {t2}, {3, 4, 2});
  const auto y = b.op("relu", "act", {c}, {3, 4, 2});
  b.graph.inputs = {x};
  b.graph.outputs = {y};
  const Totals before = totals(b.graph);
  const FusionCounts counts = fuse_patterns(b.graph);
  BOOST_TEST(counts.at("transpose") == 1u);
  BOOST_TEST(counts.at("identity (removed)") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 2u);
  const OpNode& t = b.graph.op(0);
  BOOST_TEST(t.op == "transpose");
  BOOST_TEST(*t.attr_ints("perm") == (std::vector<std::int64_t>{1, 2, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(
      tensor_names(b.graph, b.graph.op(1).inputs) == tensor_names(b.graph, {t.outputs.at(0)}),
      boost::test_tools::per_element());
  // 24 floats = 96 B per tensor: before 3 x (96 + 96) + relu 192 = 768 B, after 192 + 192.
  BOOST_TEST(before.memory == 768u);
  BOOST_TEST(totals(b.graph).memory == 384u);
}

BOOST_AUTO_TEST_CASE(load_time_ops_are_folded_and_weights_are_not) {
  Builder b;
  const auto add = [&](const std::string& name, Shape shape, TensorRole role, DType dtype) {
    return b.graph.add_tensor(Tensor{name, std::move(shape), dtype, role});
  };
  const auto x = b.tensor("x", {1, 4, 8});
  const auto mask = add("mask", {8, 8}, TensorRole::buffer, DType::boolean);
  const auto running = add("running", {8}, TensorRole::buffer, DType::float32);
  const auto w = b.param("w", {8});
  // Folded: made from attributes (range), from the shape of x only (zeros_like), or from
  // constants, buffers of indices or masks, and other folded ops.
  const auto positions = b.op("range", "rope", {}, {8});
  const auto freqs = b.op("cos", "rope", {b.op("reciprocal", "rope", {positions}, {8})}, {8});
  const auto not_mask = b.op("bitwise_not", "attn", {mask}, {8, 8});
  const auto zeros = b.op("constant_of_shape", "emb", {x}, {1, 4, 8});
  // Kept: activations, a parameter, a float buffer, an op with no input that is no maker of
  // constants, an op the predicate says nothing prices, and a folded-looking op whose output
  // is a graph output.
  const auto y = b.op("mul", "rope", {x, freqs}, {1, 4, 8});
  const auto masked = b.op("where", "attn", {not_mask, y, zeros}, {1, 4, 8});
  const auto negated = b.op("neg", "p", {w}, {8});
  const auto grown = b.op("exp", "bn", {running}, {8});
  const auto noise = b.op("random_normal", "noise", {}, {8});
  b.op("custom_thing", "odd", {mask}, {8, 8});
  const auto out = b.op("relu", "out", {freqs}, {8});
  // The parameter's and the float buffer's ops feed the result, not a graph output, so only their
  // weight reading keeps them.
  const auto mixed =
      b.op("add", "head", {b.op("add", "head", {masked, grown}, {1, 4, 8}), negated}, {1, 4, 8});
  b.graph.inputs = {x};
  b.graph.outputs = {mixed, noise, out};
  const std::size_t folded =
      fold_load_time(b.graph, [](const OpNode& op) { return op.op != "custom_thing"; });
  // range, reciprocal, cos, bitwise_not, constant_of_shape.
  BOOST_TEST(folded == 5u);
  std::vector<std::string> kept;
  for (Graph::OpId id = 0; id < b.graph.op_count(); ++id) kept.push_back(b.graph.op(id).op);
  BOOST_TEST(kept == (std::vector<std::string>{"mul", "where", "neg", "exp", "random_normal",
                                               "custom_thing", "relu", "add", "add"}),
             boost::test_tools::per_element());
  BOOST_TEST((b.graph.tensor(freqs).role == TensorRole::constant));
  BOOST_TEST(!b.graph.producer(freqs).has_value());
  // The mul reads x (128 B) and the folded table (8 floats, 32 B) and writes y (128 B).
  const OpMeasure mul = measure_memory(b.graph, 0);
  BOOST_TEST(mul.input_bytes == 160u);
  BOOST_TEST(mul.output_bytes == 128u);
  // Nothing left to fold: a second run changes nothing.
  BOOST_TEST(fold_load_time(b.graph, [](const OpNode&) { return true; }) == 1u);  // custom_thing
  BOOST_TEST(fold_load_time(b.graph, [](const OpNode&) { return true; }) == 0u);
}

namespace {

// nn.MultiheadAttention(8, 2, batch_first=True) on (1, 4, 8), as torch 1.13 exports it.
// With `divide_by_tensor`, q is divided by a full (2, 4, 4) tensor instead of the scalar √d: not a
// scaling, so not attention as multi_head_attention prices it.
Builder decomposed_attention(bool leak_scores, bool divide_by_tensor = false) {
  Builder b;
  const std::string m = "attn";
  const auto x = b.tensor("x", {1, 4, 8});
  const auto w = b.param("attn.in_proj_weight", {24, 8});
  const auto bias = b.param("attn.in_proj_bias", {24});
  const auto wo = b.param("attn.out_proj.weight", {8, 8});
  const auto bo = b.param("attn.out_proj.bias", {8});
  const auto t = b.op("transpose", m, {x}, {4, 1, 8}, {1, 0, 2});
  const auto wt = b.op("transpose", m, {w}, {8, 24}, {1, 0});
  const auto p = b.op("matmul", m, {t, wt}, {4, 1, 24});
  const auto pb = b.op("add", m, {bias, p}, {4, 1, 24});
  const auto q = b.op("slice", m, {pb}, {4, 1, 8});
  const auto k = b.op("slice", m, {pb}, {4, 1, 8});
  const auto v = b.op("slice", m, {pb}, {4, 1, 8});
  const auto qh = b.op("transpose", m, {b.op("reshape", m, {q}, {4, 2, 4})}, {2, 4, 4}, {1, 0, 2});
  const auto kh = b.op("transpose", m, {b.op("reshape", m, {k}, {4, 2, 4})}, {2, 4, 4}, {1, 2, 0});
  const auto vh = b.op("transpose", m, {b.op("reshape", m, {v}, {4, 2, 4})}, {2, 4, 4}, {1, 0, 2});
  const auto temperature = b.tensor("temperature", {2, 4, 4});
  const auto qs = divide_by_tensor ? b.op("div", m, {qh, temperature}, {2, 4, 4})
                                   : b.op("div", m, {qh}, {2, 4, 4});
  const auto s = b.op("matmul", m, {qs, kh}, {2, 4, 4});
  const auto a = b.op("softmax", m, {s}, {2, 4, 4});
  const auto o = b.op("matmul", m, {a, vh}, {2, 4, 4});
  const auto ot = b.op("transpose", m, {o}, {4, 2, 4}, {1, 0, 2});
  const auto flat = b.op("reshape", m, {ot}, {4, 8});
  const auto g = b.op("gemm", m, {flat, wo, bo}, {4, 8});
  const auto y = b.op("transpose", m, {b.op("reshape", m, {g}, {4, 1, 8})}, {1, 4, 8}, {1, 0, 2});
  b.graph.inputs = {x};
  if (divide_by_tensor) b.graph.inputs.push_back(temperature);
  b.graph.outputs = {y};
  if (leak_scores) b.graph.outputs.push_back(a);
  return b;
}

}  // namespace

BOOST_AUTO_TEST_CASE(torch_exported_attention_becomes_multi_head_attention) {
  Builder b = decomposed_attention(false);
  const Totals before = totals(b.graph);
  BOOST_TEST(fuse_patterns(b.graph).at("multi_head_attention") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 1u);
  const OpNode& mha = b.graph.op(0);
  BOOST_TEST(mha.op == "multi_head_attention");
  BOOST_TEST(mha.module == "attn");
  BOOST_TEST(mha.attr_int("num_heads").value_or(0) == 2);
  BOOST_TEST(mha.attr_int("batch_first").value_or(0) == 1);
  BOOST_TEST(
      tensor_names(b.graph, mha.inputs) ==
          (std::vector<std::string>{"x", "x", "x", "attn.in_proj_weight", "attn.in_proj_bias",
                                    "attn.out_proj.weight", "attn.out_proj.bias"}),
      boost::test_tools::per_element());
  BOOST_TEST(b.graph.tensor(mha.outputs.at(0)).shape == (Shape{1, 4, 8}),
             boost::test_tools::per_element());
  const Totals after = totals(b.graph);
  // B=1, L=4, E=8, H=2: 4·E·E·L (q, k, v, out projections) + 2·L·L·E (QKᵀ, A·V)
  // = 4·64·4 + 2·16·8 = 1024 + 256 = 1280, as the decomposed MatMuls and Gemm sum to.
  BOOST_TEST(after.macs == 1280u);
  BOOST_TEST(before.macs == 1280u);
  // 2·1280 + in-projection bias 3·4·8 (96) + out bias 4·8 (32) + scaling of the scores
  // B·H·L·L (32) + softmax 5·32 (160) = 2880.
  BOOST_TEST(after.flops == 2880u);
  // query, key, value: x three times, 3·128 B; in_proj 24·8·4 = 768 B, its bias 96 B, out_proj
  // 256 B, its bias 32 B; y 128 B: 384 + 1152 + 128 = 1664 B.
  BOOST_TEST(after.memory == 1664u);
}

// nn.MultiheadAttention(8, 2, batch_first=True) on (1, 4, 8) as a scripted module records it (the
// fast path is not taken): aten::linear projections, one chunk into q, k, v, k transposed by its
// own transpose before the product, a dropout (the identity at inference) after the softmax.
BOOST_AUTO_TEST_CASE(scripted_attention_becomes_multi_head_attention) {
  Builder b;
  const std::string m = "attn";
  const auto x = b.tensor("x", {1, 4, 8});
  const auto w = b.param("attn.in_proj_weight", {24, 8});
  const auto bias = b.param("attn.in_proj_bias", {24});
  const auto wo = b.param("attn.out_proj.weight", {8, 8});
  const auto bo = b.param("attn.out_proj.bias", {8});
  const auto t = b.op("transpose", m, {x}, {4, 1, 8}, {1, 0, 2});
  const auto p = b.op("linear", m, {t, w, bias}, {4, 1, 24});
  std::vector<TensorId> qkv;
  for (const char* part : {"q", "k", "v"}) qkv.push_back(b.tensor(part, {4, 1, 8}));
  OpNode chunk;
  chunk.name = "attn/chunk";
  chunk.op = "split";
  chunk.module = m;
  chunk.inputs = {p};
  chunk.outputs = qkv;
  b.graph.add_op(std::move(chunk));
  const auto heads = [&](TensorId part) {
    return b.op("transpose", m, {b.op("reshape", m, {part}, {4, 2, 4})}, {2, 4, 4}, {1, 0, 2});
  };
  const auto qs = b.op("div", m, {heads(qkv[0])}, {2, 4, 4});
  const auto kt = b.op("transpose", m, {heads(qkv[1])}, {2, 4, 4}, {0, 2, 1});
  const auto vh = heads(qkv[2]);
  const auto s = b.op("matmul", m, {qs, kt}, {2, 4, 4});
  const auto a = b.op("dropout", m, {b.op("softmax", m, {s}, {2, 4, 4})}, {2, 4, 4});
  const auto o = b.op("matmul", m, {a, vh}, {2, 4, 4});
  const auto flat = b.op("reshape", m, {b.op("transpose", m, {o}, {4, 2, 4}, {1, 0, 2})}, {4, 8});
  const auto g = b.op("linear", m, {flat, wo, bo}, {4, 8});
  const auto y = b.op("transpose", m, {b.op("reshape", m, {g}, {4, 1, 8})}, {1, 4, 8}, {1, 0, 2});
  b.graph.inputs = {x};
  b.graph.outputs = {y};
  const Totals before = totals(b.graph);
  const FusionCounts counts = fuse_patterns(b.graph);
  BOOST_TEST(counts.at("multi_head_attention") == 1u);
  BOOST_TEST(counts.at("identity (removed)") == 1u);
  BOOST_REQUIRE(b.graph.op_count() == 1u);
  const OpNode& mha = b.graph.op(0);
  BOOST_TEST(mha.attr_int("num_heads").value_or(0) == 2);
  BOOST_TEST(mha.attr_int("batch_first").value_or(0) == 1);
  BOOST_TEST(
      tensor_names(b.graph, mha.inputs) ==
          (std::vector<std::string>{"x", "x", "x", "attn.in_proj_weight", "attn.in_proj_bias",
                                    "attn.out_proj.weight", "attn.out_proj.bias"}),
      boost::test_tools::per_element());
  // The figures of the exported form above: 1280 MACs, 2880 FLOPs, 1664 B.
  const Totals after = totals(b.graph);
  BOOST_TEST(before.macs == 1280u);
  BOOST_TEST(after.macs == 1280u);
  BOOST_TEST(after.flops == 2880u);
  BOOST_TEST(after.memory == 1664u);
}

BOOST_AUTO_TEST_CASE(q_divided_by_a_full_tensor_is_not_fused_as_attention) {
  // Only a division (or product) by scalars is the 1/√d scaling the fused op assumes.
  Builder b = decomposed_attention(false, true);
  const FusionCounts counts = fuse_patterns(b.graph);
  BOOST_TEST(counts.count("multi_head_attention") == 0u);
}

BOOST_AUTO_TEST_CASE(attention_whose_scores_are_read_elsewhere_is_not_fused) {
  Builder b = decomposed_attention(true);
  const std::size_t ops = b.graph.op_count();
  const FusionCounts counts = fuse_patterns(b.graph);
  BOOST_TEST(counts.count("multi_head_attention") == 0u);
  // Only the in-projection (Transpose of the weight, MatMul, bias Add) still becomes a linear.
  BOOST_TEST(counts.at("linear") == 1u);
  BOOST_TEST(counts.size() == 1u);
  BOOST_TEST(b.graph.op_count() == ops - 2);
}

// ---- end to end: one model, two formats ----

namespace {

struct Row {
  std::string params, macs, flops, memory;
};

// module -> figures, from `graphstat FILE --format csv`.
std::map<std::string, std::vector<std::string>> csv_rows(const std::string& file,
                                                         const std::string& args = "") {
  const auto run = test::run_graphstat("'" GRAPHSTAT_SOURCE_DIR "/" + file +
                                       "' --format csv --max-depth 9 " + args);
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream lines(run.out);
  std::string line;
  std::getline(lines, line);  // Header.
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!cells.empty()) rows[cells[0]] = cells;
  }
  return rows;
}

}  // namespace

// Every row (module names, parameters, MACs, FLOPs, memory and its split, at every depth) is the
// same from the TorchScript-made JSON and from two ONNX exports: opset 17 (LayerNormalization
// native, attention with Slice) and opset 9 (layer norm as ReduceMean/Sub/Pow/..., Split).
BOOST_AUTO_TEST_CASE(vit_b_16_reports_the_same_from_onnx_and_from_json) {
  const auto json = csv_rows("models/vit_b_16.json");
  BOOST_TEST(json.size() > 100u);
  for (const std::string file : {"models/vit_b_16.onnx", "tests/data/onnx/vit_b_16-bn-op9.onnx"}) {
    const auto onnx = csv_rows(file, "--input-shape 1x3x224x224");
    for (const auto& [name, cells] : json) {
      BOOST_TEST_CONTEXT(file << ": " << name) {
        const auto it = onnx.find(name);
        BOOST_TEST((it != onnx.end()));
        if (it == onnx.end()) continue;
        BOOST_TEST(it->second == cells, boost::test_tools::per_element());
      }
    }
    for (const auto& [name, cells] : onnx) BOOST_TEST(json.contains(name), file << ": " << name);
  }
  // The totals, for the record: 586,523,456 bytes (was 1,981,441,088 from the opset-17 ONNX and
  // 676,090,688 from the JSON before the pass), 35,236,684,360 FLOPs.
  BOOST_TEST(json.at("model").at(6) == "35236684360");
  BOOST_TEST(json.at("model").at(7) == "586523456");
}
