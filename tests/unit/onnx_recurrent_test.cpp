#define BOOST_TEST_MODULE onnx_recurrent
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "onnx_op_map.hpp"
#include "onnx_shape_rules.hpp"

// The ONNX LSTM, GRU and RNN shape rules (onnx_shape_rules_recurrent.cpp) against the operator
// spec, and their mapping to the canonical recurrent ops (docs/cost-model.md, "Recurrent").

namespace onnxfe = graphstat::frontends::onnxfe;
using Dims = std::vector<std::int64_t>;

namespace {

struct NodeCase {
  onnxfe::Node node;
  std::vector<onnxfe::TensorType> types;

  NodeCase(const std::string& op, std::size_t outputs) {
    node.op_type = op;
    node.name = "n";
    for (std::size_t k = 0; k < outputs; ++k) node.outputs.push_back("y" + std::to_string(k));
  }
  NodeCase& in(Dims dims) {
    node.inputs.push_back("x" + std::to_string(types.size()));
    types.push_back({onnxfe::elem::float32, std::move(dims)});
    return *this;
  }
  NodeCase& absent() {
    node.inputs.emplace_back();
    types.emplace_back();
    return *this;
  }
  NodeCase& attr(const std::string& name, std::int64_t v) {
    onnxfe::Attribute& a = node.attributes.emplace_back();
    a.name = name;
    a.type = onnxfe::AttrType::i;
    a.i = v;
    return *this;
  }
  NodeCase& attr(const std::string& name, const std::string& v) {
    onnxfe::Attribute& a = node.attributes.emplace_back();
    a.name = name;
    a.type = onnxfe::AttrType::s;
    a.s = v;
    return *this;
  }
  NodeCase& activations(const std::vector<std::string>& v) {
    onnxfe::Attribute& a = node.attributes.emplace_back();
    a.name = "activations";
    a.type = onnxfe::AttrType::strings;
    a.strings = v;
    return *this;
  }

  std::vector<onnxfe::TensorType> infer() const {
    onnxfe::NodeInputs inputs;
    for (std::size_t k = 0; k < types.size(); ++k) {
      inputs.types.push_back(node.inputs[k].empty() ? nullptr : &types[k]);
      inputs.values.push_back(nullptr);
    }
    std::vector<onnxfe::TensorType> out;
    BOOST_REQUIRE(onnxfe::infer_node(node, 14, inputs, out) == onnxfe::RuleResult::inferred);
    return out;
  }
  Dims dims(std::size_t k) const {
    const auto out = infer();
    BOOST_REQUIRE(out.at(k).dims.has_value());
    return *out.at(k).dims;
  }
};

// nn.LSTM(16, 32, bidirectional=True) on (T=10, B=2) as torch exports it.
NodeCase bidirectional_lstm() {
  NodeCase c("LSTM", 3);
  c.in({10, 2, 16}).in({2, 128, 16}).in({2, 128, 32}).in({2, 256}).absent();
  c.in({2, 2, 32}).in({2, 2, 32});
  c.attr("hidden_size", 32).attr("direction", std::string("bidirectional"));
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(lstm_layout_0_bidirectional) {
  const NodeCase c = bidirectional_lstm();
  BOOST_TEST(c.dims(0) == (Dims{10, 2, 2, 32}), boost::test_tools::per_element());  // T, D, B, H
  BOOST_TEST(c.dims(1) == (Dims{2, 2, 32}), boost::test_tools::per_element());      // D, B, H
  BOOST_TEST(c.dims(2) == (Dims{2, 2, 32}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(gru_layout_1_is_batch_major) {
  NodeCase c("GRU", 2);
  c.in({2, 10, 16}).in({1, 96, 16}).in({1, 96, 32}).attr("hidden_size", 32).attr("layout", 1);
  BOOST_TEST(c.dims(0) == (Dims{2, 10, 1, 32}), boost::test_tools::per_element());  // B, T, D, H
  BOOST_TEST(c.dims(1) == (Dims{2, 1, 32}), boost::test_tools::per_element());      // B, D, H
}

BOOST_AUTO_TEST_CASE(rnn_without_hidden_size_reads_it_from_r) {
  NodeCase c("RNN", 2);
  c.in({10, 2, 16}).in({1, 32, 16}).in({1, 32, 32});
  BOOST_TEST(c.dims(0) == (Dims{10, 1, 2, 32}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(weights_of_another_input_size_are_a_shape_error) {
  NodeCase c("LSTM", 3);
  c.in({10, 2, 16}).in({1, 128, 20}).in({1, 128, 32}).attr("hidden_size", 32);
  BOOST_CHECK_THROW(c.infer(), onnxfe::ShapeError);
}

BOOST_AUTO_TEST_CASE(lstm_maps_to_the_canonical_op_and_attributes) {
  const NodeCase c = bidirectional_lstm();
  const onnxfe::MappedOp mapped = onnxfe::map_op(c.node);
  BOOST_TEST(mapped.op == "lstm");
  // X, initial_h, initial_c, then W, R, B.
  const std::vector<std::size_t> order{0, 5, 6, 1, 2, 3};
  BOOST_TEST(mapped.operand_order == order, boost::test_tools::per_element());
  BOOST_REQUIRE(mapped.attrs.has_value());
  const auto& a = *mapped.attrs;
  BOOST_TEST(a.size() == 6u);  // no nonlinearity for an LSTM, and none of ONNX's own attributes
  BOOST_TEST(std::get<std::int64_t>(a.at("hidden_size")) == 32);
  BOOST_TEST(std::get<std::int64_t>(a.at("num_layers")) == 1);
  BOOST_TEST(std::get<std::int64_t>(a.at("bidirectional")) == 1);
  BOOST_TEST(std::get<std::int64_t>(a.at("batch_first")) == 0);
  BOOST_TEST(std::get<std::int64_t>(a.at("has_bias")) == 1);
  BOOST_TEST(std::get<std::int64_t>(a.at("gates")) == 4);
}

BOOST_AUTO_TEST_CASE(gru_without_bias_has_no_cell_state_slot) {
  NodeCase c("GRU", 2);
  c.in({2, 10, 16}).in({1, 96, 16}).in({1, 96, 32}).attr("hidden_size", 32).attr("layout", 1);
  const onnxfe::MappedOp mapped = onnxfe::map_op(c.node);
  BOOST_TEST(mapped.op == "gru");
  const std::vector<std::size_t> order{0, 5, onnxfe::kAbsentOperand, 1, 2, 3};
  BOOST_TEST(mapped.operand_order == order, boost::test_tools::per_element());
  BOOST_TEST(std::get<std::int64_t>(mapped.attrs->at("has_bias")) == 0);
  BOOST_TEST(std::get<std::int64_t>(mapped.attrs->at("batch_first")) == 1);
  BOOST_TEST(std::get<std::int64_t>(mapped.attrs->at("gates")) == 3);
}

BOOST_AUTO_TEST_CASE(rnn_nonlinearity_comes_from_the_activations) {
  NodeCase relu("RNN", 2);
  relu.in({10, 2, 16}).in({2, 32, 16}).in({2, 32, 32}).attr("hidden_size", 32);
  relu.attr("direction", std::string("bidirectional")).activations({"Relu", "Relu"});
  const onnxfe::MappedOp mapped = onnxfe::map_op(relu.node);
  BOOST_TEST(mapped.op == "rnn");
  BOOST_TEST(std::get<std::string>(mapped.attrs->at("nonlinearity")) == "relu");

  NodeCase plain("RNN", 2);
  plain.in({10, 2, 16}).in({1, 32, 16}).in({1, 32, 32}).attr("hidden_size", 32);
  BOOST_TEST(std::get<std::string>(onnxfe::map_op(plain.node).attrs->at("nonlinearity")) == "tanh");
}

BOOST_AUTO_TEST_CASE(forms_the_formula_does_not_describe_stay_unsupported) {
  NodeCase sigmoid("RNN", 2);
  sigmoid.in({10, 2, 16}).in({1, 32, 16}).in({1, 32, 32}).attr("hidden_size", 32);
  sigmoid.activations({"Sigmoid"});
  BOOST_TEST(onnxfe::map_op(sigmoid.node).op == "ai.onnx::RNN");

  NodeCase peephole = bidirectional_lstm();
  peephole.in({2, 96});  // P
  BOOST_TEST(onnxfe::map_op(peephole.node).op == "ai.onnx::LSTM");

  NodeCase lengths("GRU", 2);
  lengths.in({10, 2, 16}).in({1, 96, 16}).in({1, 96, 32}).absent().in({2});
  lengths.attr("hidden_size", 32);
  BOOST_TEST(onnxfe::map_op(lengths.node).op == "ai.onnx::GRU");

  NodeCase clipped = bidirectional_lstm();
  clipped.node.attributes.emplace_back().name = "clip";
  BOOST_TEST(onnxfe::map_op(clipped.node).op == "ai.onnx::LSTM");
}
