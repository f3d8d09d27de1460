#define BOOST_TEST_MODULE cost_recurrent
#include <boost/test/unit_test.hpp>

#include "op_builder.hpp"
#include "recurrent_cost_model.hpp"

// The formulas of docs/cost-model.md, "Recurrent", on hand-built ops: per layer and direction
// MACs = T·B·G·H·(I_l + H), FLOPs = 2·MACs + T·B·H·(e + 2·G·has_bias), e = 19 (LSTM), 14 (GRU),
// 2 (RNN). Shapes are those of tests/data/recurrent (I = 16, H = 32, T = 10, B = 2).

using graphstat::Error;
using graphstat::OpCost;
using graphstat::plugins::RecurrentCostModel;
using graphstat::test::error_mentions;
using graphstat::test::OpBuilder;

namespace {

OpCost price(const OpBuilder& op) { return RecurrentCostModel{}.cost(op.view()); }

struct Stack {
  std::int64_t gates = 4;
  std::int64_t hidden = 32;
  std::int64_t layers = 1;
  bool bidirectional = false;
  bool batch_first = false;
  bool bias = true;
};

// A whole layer stack as TorchScript's aten::lstm gives it: X, h0, c0, then per layer and
// direction weight_ih (G·H, I_l), weight_hh (G·H, H), bias_ih (G·H), bias_hh (G·H).
OpBuilder torch_stack(const std::string& op_name, const Stack& s, graphstat::Shape x) {
  OpBuilder op(op_name, "stack");
  const std::int64_t dirs = s.bidirectional ? 2 : 1;
  const std::int64_t rows = s.gates * s.hidden;
  op.input(x).input({s.layers * dirs, 2, s.hidden});
  if (op_name == "lstm") {
    op.input({s.layers * dirs, 2, s.hidden});
  } else {
    op.absent();
  }
  for (std::int64_t layer = 0; layer < s.layers; ++layer) {
    for (std::int64_t d = 0; d < dirs; ++d) {
      op.weight({rows, layer == 0 ? x.back() : s.hidden * dirs}).weight({rows, s.hidden});
      if (s.bias) op.weight({rows}).weight({rows});
    }
  }
  op.attr("hidden_size", s.hidden)
      .attr("num_layers", s.layers)
      .attr("bidirectional", std::int64_t{s.bidirectional})
      .attr("batch_first", std::int64_t{s.batch_first})
      .attr("has_bias", std::int64_t{s.bias})
      .attr("gates", s.gates);
  return op;
}

// One layer as ONNX's LSTM node gives it: X, initial_h, initial_c, W (D, G·H, I), R (D, G·H, H),
// B (D, 2·G·H).
OpBuilder onnx_layer(std::int64_t input_size, bool bidirectional) {
  const std::int64_t dirs = bidirectional ? 2 : 1;
  OpBuilder op("lstm", "layer");
  op.input({10, 2, input_size}).input({dirs, 2, 32}).input({dirs, 2, 32});
  op.weight({dirs, 128, input_size}).weight({dirs, 128, 32}).weight({dirs, 256});
  op.attr("hidden_size", std::int64_t{32})
      .attr("num_layers", std::int64_t{1})
      .attr("bidirectional", std::int64_t{bidirectional})
      .attr("batch_first", std::int64_t{0})
      .attr("has_bias", std::int64_t{1})
      .attr("gates", std::int64_t{4});
  return op;
}

}  // namespace

BOOST_AUTO_TEST_CASE(lists_exactly_the_documented_ops) {
  const std::vector<std::string> documented{"gru", "lstm", "rnn"};
  BOOST_TEST(graphstat::test::sorted(RecurrentCostModel{}.ops()) == documented,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lstm_one_layer) {
  const OpCost cost = price(torch_stack("lstm", {}, {10, 2, 16}));
  BOOST_TEST(cost.macs == 122880u);   // 10·2·4·32·(16 + 32) = 20·128·48
  BOOST_TEST(cost.flops == 263040u);  // 2·122,880 + 10·2·32·(19 + 8) = 245,760 + 17,280
}

BOOST_AUTO_TEST_CASE(lstm_two_layers_bidirectional_batch_first) {
  const OpCost cost = price(torch_stack("lstm", {4, 32, 2, true, true, true}, {2, 10, 16}));
  // Layer 0: 2 directions · 20·128·(16 + 32) = 2·122,880; layer 1 reads 2·32 = 64 features:
  // 2 · 20·128·(64 + 32) = 2·245,760. 245,760 + 491,520 = 737,280.
  BOOST_TEST(cost.macs == 737280u);
  // 2·737,280 + 2 layers · 2 directions · 20·32·27 = 1,474,560 + 69,120.
  BOOST_TEST(cost.flops == 1543680u);
}

BOOST_AUTO_TEST_CASE(onnx_layers_sum_to_the_whole_stack) {
  // torch exports the stack above as two bidirectional LSTM nodes, the second over 64 features.
  const OpCost first = price(onnx_layer(16, true));
  const OpCost second = price(onnx_layer(64, true));
  BOOST_TEST(first.macs == 245760u);   // 2 · 20·128·48
  BOOST_TEST(second.macs == 491520u);  // 2 · 20·128·96
  BOOST_TEST(first.macs + second.macs == 737280u);
  BOOST_TEST(first.flops + second.flops == 1543680u);
}

BOOST_AUTO_TEST_CASE(gru_two_layers) {
  const OpCost cost = price(torch_stack("gru", {3, 32, 2, false, false, true}, {10, 2, 16}));
  // 20·96·(16 + 32) + 20·96·(32 + 32) = 92,160 + 122,880.
  BOOST_TEST(cost.macs == 215040u);
  // 2·215,040 + 2 layers · 20·32·(14 + 6) = 430,080 + 25,600.
  BOOST_TEST(cost.flops == 455680u);
}

BOOST_AUTO_TEST_CASE(rnn_tanh_and_relu_without_bias) {
  OpBuilder tanh = torch_stack("rnn", {1, 32, 1, false, false, true}, {10, 2, 16});
  tanh.attr("nonlinearity", std::string("tanh"));
  const OpCost t = price(tanh);
  BOOST_TEST(t.macs == 30720u);   // 20·32·48
  BOOST_TEST(t.flops == 64000u);  // 2·30,720 + 20·32·(2 + 2)

  OpBuilder relu = torch_stack("rnn", {1, 32, 1, true, false, false}, {10, 2, 16});
  relu.attr("nonlinearity", std::string("relu"));
  const OpCost r = price(relu);
  BOOST_TEST(r.macs == 61440u);    // 2 directions · 30,720
  BOOST_TEST(r.flops == 125440u);  // 2·61,440 + 2·20·32·2
}

BOOST_AUTO_TEST_CASE(unbatched_input_is_one_sequence) {
  const OpCost cost = price(torch_stack("lstm", {}, {10, 16}));
  BOOST_TEST(cost.macs == 61440u);    // 10·1·4·32·48
  BOOST_TEST(cost.flops == 131520u);  // 2·61,440 + 10·32·27
}

BOOST_AUTO_TEST_CASE(weights_that_do_not_fit_the_attributes_are_an_error) {
  OpBuilder op = torch_stack("lstm", {}, {10, 2, 16});
  op.attr("hidden_size", std::int64_t{16});
  BOOST_CHECK_EXCEPTION(price(op), Error, error_mentions("stack", "weights hold 6400 elements"));
  OpBuilder layers = torch_stack("lstm", {}, {10, 2, 16});
  layers.attr("num_layers", std::int64_t{2});
  BOOST_CHECK_EXCEPTION(price(layers), Error, error_mentions("stack", "need"));
}

BOOST_AUTO_TEST_CASE(inconsistent_attributes_are_errors) {
  OpBuilder gates = torch_stack("gru", {4, 32, 1, false, false, true}, {10, 2, 16});
  BOOST_CHECK_EXCEPTION(price(gates), Error, error_mentions("stack", "'gates' is 4, gru has 3"));
  OpBuilder sigmoid = torch_stack("rnn", {1, 32, 1, false, false, true}, {10, 2, 16});
  sigmoid.attr("nonlinearity", std::string("sigmoid"));
  BOOST_CHECK_EXCEPTION(price(sigmoid), Error, error_mentions("stack", "neither tanh nor relu"));
  OpBuilder rank = torch_stack("lstm", {}, {10, 2, 16});
  rank.attr("hidden_size", std::int64_t{0});
  BOOST_CHECK_EXCEPTION(price(rank), Error, error_mentions("stack", "must be positive"));
}

BOOST_AUTO_TEST_CASE(a_count_that_overflows_is_an_error_not_a_wrapped_number) {
  OpBuilder op("rnn", "huge");
  op.input({std::int64_t{1} << 40, std::int64_t{1} << 20, 16}).absent().absent();
  op.attr("hidden_size", std::int64_t{32}).attr("gates", std::int64_t{1});
  BOOST_CHECK_EXCEPTION(price(op), Error, [](const Error& e) {
    return std::string(e.what()).find("overflows 64 bits") != std::string::npos;
  });
}
