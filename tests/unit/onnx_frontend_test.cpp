#define BOOST_TEST_MODULE onnx_frontend
#include <onnx/onnx_pb.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "graphstat/error.hpp"
#include "graphstat/op_repeat.hpp"
#include "onnx_graph_builder.hpp"
#include "onnx_scopes.hpp"
#include "onnx_shapes.hpp"
#include "onnx_wire.hpp"

// The ONNX frontend's pieces on hand-built models: scope naming, plumbing elimination, Identity
// dedup, symbolic-dim binding, custom-domain ops and reader errors.

namespace onnxfe = graphstat::frontends::onnxfe;
using graphstat::Error;
using graphstat::Graph;
using graphstat::InputSpec;

namespace {

const std::filesystem::path kFile = "model.onnx";

void set_type(::onnx::TypeProto* type, std::int32_t elem, const std::vector<std::string>& dims) {
  auto* tensor = type->mutable_tensor_type();
  tensor->set_elem_type(elem);
  auto* shape = tensor->mutable_shape();
  for (const auto& d : dims) {
    if (!d.empty() && std::isdigit(static_cast<unsigned char>(d[0]))) {
      shape->add_dim()->set_dim_value(std::stoll(d));
    } else {
      shape->add_dim()->set_dim_param(d);
    }
  }
}

struct ModelBuilder {
  ::onnx::ModelProto model;
  ::onnx::GraphProto* graph = model.mutable_graph();

  ModelBuilder() {
    model.set_ir_version(8);
    auto* opset = model.add_opset_import();
    opset->set_version(17);
    graph->set_name("test");
  }

  void input(const std::string& name, const std::vector<std::string>& dims) {
    auto* in = graph->add_input();
    in->set_name(name);
    set_type(in->mutable_type(), ::onnx::TensorProto::FLOAT, dims);
  }

  // A weight with dims and no data, as in a stripped model.
  void weight(const std::string& name, const std::vector<std::int64_t>& dims) {
    auto* t = graph->add_initializer();
    t->set_name(name);
    t->set_data_type(::onnx::TensorProto::FLOAT);
    for (auto d : dims) t->add_dims(d);
  }

  void ints(const std::string& name, const std::vector<std::int64_t>& values) {
    auto* t = graph->add_initializer();
    t->set_name(name);
    t->set_data_type(::onnx::TensorProto::INT64);
    t->add_dims(static_cast<std::int64_t>(values.size()));
    for (auto v : values) t->add_int64_data(v);
  }

  ::onnx::NodeProto* node(const std::string& name, const std::string& op,
                          const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs) {
    auto* n = graph->add_node();
    n->set_name(name);
    n->set_op_type(op);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return n;
  }

  void output(const std::string& name) { graph->add_output()->set_name(name); }

  Graph load(const std::vector<InputSpec>& specs = {}, graphstat::DimValues dims = {}) const {
    const std::string bytes = model.SerializeAsString();
    const onnxfe::Model loaded = onnxfe::parse_model(bytes, kFile);
    onnxfe::InferredModel inferred =
        onnxfe::infer_shapes(loaded, graphstat::LoadOptions{specs, std::move(dims)}, kFile);
    Graph graph = onnxfe::build_graph(inferred, kFile);
    graph.bindings = inferred.bindings;
    graph.notes = inferred.notes;
    return graph;
  }
};

// Module path of node `index`, through the real decoder (the reference protobuf serializer writes
// the bytes).
std::string module_of(const ModelBuilder& m, int index) {
  const onnxfe::Model model = onnxfe::parse_model(m.model.SerializeAsString(), kFile);
  const auto k = static_cast<std::size_t>(index);
  return onnxfe::ScopeNamer(model.graph).module_of(model.graph.nodes.at(k), k);
}

bool error_contains(const std::function<void()>& f, const std::string& part) {
  try {
    f();
  } catch (const Error& e) {
    const std::string what = e.what();
    BOOST_TEST_MESSAGE(what);
    return what.find(part) != std::string::npos && what.find('\n') == std::string::npos;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(modules_come_from_scoped_names) {
  ModelBuilder m;
  for (const char* name :
       {"/layer1/layer1.0/conv1/Conv", "/layer1/layer1.0/relu/Relu", "/layer1/layer1.0/relu_1/Relu",
        "/layer1/layer1.0/Add", "/layer1/layer1.0/downsample/downsample.0/Conv",
        "/encoder/layers/encoder_layer_0/mlp/mlp.0/MatMul", "/Flatten", "Identity_3"}) {
    m.node(name, "Relu", {}, {});
  }
  const auto& g = m;
  BOOST_TEST(module_of(g, 0) == "layer1.0.conv1");
  BOOST_TEST(module_of(g, 1) == "layer1.0.relu");
  BOOST_TEST(module_of(g, 2) == "layer1.0.relu");  // The second call of the same module.
  BOOST_TEST(module_of(g, 3) == "layer1.0");       // A functional op of the block.
  BOOST_TEST(module_of(g, 4) == "layer1.0.downsample.0");
  BOOST_TEST(module_of(g, 5) == "encoder.layers.encoder_layer_0.mlp.0");
  BOOST_TEST(module_of(g, 6) == "");
  BOOST_TEST(module_of(g, 7) == "");
}

BOOST_AUTO_TEST_CASE(unscoped_graphs_fall_back_to_one_module_per_node) {
  ModelBuilder m;
  m.node("conv.0", "Relu", {}, {});
  m.node("", "Relu", {}, {});
  BOOST_TEST(module_of(m, 0) == "conv_0");
  BOOST_TEST(module_of(m, 1) == "Relu_1");
}

BOOST_AUTO_TEST_CASE(identity_dedup_and_shape_plumbing) {
  ModelBuilder m;
  m.input("x", {"N", "3", "8", "8"});
  m.weight("a.weight", {3, 3, 1, 1});
  m.ints("axes", {0});
  // The exporter found b.weight equal to a.weight and feeds it through Identity.
  m.node("Identity_0", "Identity", {"a.weight"}, {"b.weight"});
  m.node("/a/Conv", "Conv", {"x", "a.weight"}, {"y1"});
  m.node("/b/Conv", "Conv", {"y1", "b.weight"}, {"y2"});
  // Shape arithmetic: reshape y2 to (N, -1).
  m.node("/Shape", "Shape", {"y2"}, {"s"});
  auto* c = m.node("/Constant", "Constant", {}, {"zero"});
  auto* a = c->add_attribute();
  a->set_name("value");
  a->set_type(::onnx::AttributeProto::TENSOR);
  a->mutable_t()->set_data_type(::onnx::TensorProto::INT64);
  a->mutable_t()->add_int64_data(0);
  m.node("/Gather", "Gather", {"s", "zero"}, {"n"});
  m.node("/Unsqueeze", "Unsqueeze", {"n", "axes"}, {"n1"});
  m.ints("minus_one", {-1});
  m.node("/Concat", "Concat", {"n1", "minus_one"}, {"target"})->add_attribute()->set_name("axis");
  m.graph->mutable_node(m.graph->node_size() - 1)
      ->mutable_attribute(0)
      ->set_type(::onnx::AttributeProto::INT);
  m.node("/Reshape", "Reshape", {"y2", "target"}, {"y"});
  m.output("y");

  const Graph g = m.load({InputSpec{"", {2, 3, 8, 8}, std::nullopt}});
  BOOST_TEST_REQUIRE(g.op_count() == 3u);  // conv, conv, reshape: the rest is plumbing.
  BOOST_TEST(g.op(0).op == "conv");
  BOOST_TEST(g.op(0).module == "a");
  BOOST_TEST(g.op(1).module == "b");
  BOOST_TEST(g.op(2).op == "reshape");
  BOOST_TEST(g.op(2).module == "");
  BOOST_TEST(g.op(2).inputs.size() == 1u);  // The target shape carries no memory.
  // Both convs read the one initializer: each module lists it, the model counts it once.
  BOOST_TEST(g.op(0).inputs[1] == g.op(1).inputs[1]);
  BOOST_TEST((g.tensor(g.op(0).inputs[1]).role == graphstat::TensorRole::parameter));
  BOOST_TEST(g.tensor(g.op(2).outputs[0]).shape == (graphstat::Shape{2, 192}));
}

BOOST_AUTO_TEST_CASE(opset_18_forms_load_end_to_end) {
  // Opset 18 (torch 1.13 cannot export it): GroupNormalization as one op, ReduceMean's axes as an
  // input, Split into num_outputs parts.
  ModelBuilder m;
  m.model.mutable_opset_import(0)->set_version(18);
  m.input("x", {"N", "8", "4", "4"});
  m.weight("gn.scale", {8});
  m.weight("gn.bias", {8});
  m.ints("axes", {2, 3});
  auto* gn =
      m.node("/gn/GroupNormalization", "GroupNormalization", {"x", "gn.scale", "gn.bias"}, {"g"});
  auto* groups = gn->add_attribute();
  groups->set_name("num_groups");
  groups->set_type(::onnx::AttributeProto::INT);
  groups->set_i(2);
  m.node("/ReduceMean", "ReduceMean", {"g", "axes"}, {"r"});
  auto* split = m.node("/Split", "Split", {"r"}, {"a", "b", "c"});
  for (auto [name, value] : {std::pair<const char*, int>{"axis", 1}, {"num_outputs", 3}}) {
    auto* attr = split->add_attribute();
    attr->set_name(name);
    attr->set_type(::onnx::AttributeProto::INT);
    attr->set_i(value);
  }
  m.output("a");
  m.output("c");
  const Graph g = m.load({InputSpec{"x", {2, 8, 4, 4}, std::nullopt}});
  BOOST_TEST_REQUIRE(g.op_count() == 3u);
  BOOST_TEST(g.op(0).op == "group_norm");
  BOOST_TEST(g.op(0).module == "gn");
  BOOST_TEST(g.tensor(g.op(1).outputs[0]).shape == (graphstat::Shape{2, 8, 1, 1}));
  // 8 channels in 3 parts: ceil(8 / 3) = 3, 3, then the remaining 2.
  BOOST_TEST(g.tensor(g.op(2).outputs[0]).shape == (graphstat::Shape{2, 3, 1, 1}));
  BOOST_TEST(g.tensor(g.op(2).outputs[2]).shape == (graphstat::Shape{2, 2, 1, 1}));
}

BOOST_AUTO_TEST_CASE(element_types_come_from_the_input_type) {
  // A float16 input (TensorProto.Tensor elem_type 10): x (1, 4) is 4 * 2 = 8 bytes, and Relu keeps
  // the type. Reading the elem type from the wrong field would leave it unknown or float32 (16 B).
  ModelBuilder m;
  auto* in = m.graph->add_input();
  in->set_name("x");
  set_type(in->mutable_type(), ::onnx::TensorProto::FLOAT16, {"1", "4"});
  m.node("/Relu", "Relu", {"x"}, {"y"});
  m.output("y");
  const Graph g = m.load();
  BOOST_TEST_REQUIRE(g.op_count() == 1u);
  const auto& x = g.tensor(g.op(0).inputs.at(0));
  BOOST_TEST((x.dtype == graphstat::DType::float16));
  BOOST_TEST(x.bytes() == 8u);
  BOOST_TEST((g.tensor(g.op(0).outputs.at(0)).dtype == graphstat::DType::float16));
}

BOOST_AUTO_TEST_CASE(unbound_input_dims_default_to_one_or_take_dim_bindings) {
  ModelBuilder m;
  m.input("x", {"batch_size", "4"});
  m.node("/Relu", "Relu", {"x"}, {"y"});
  m.output("y");
  const Graph by_default = m.load();
  BOOST_TEST(by_default.tensor(by_default.op(0).outputs[0]).shape == (graphstat::Shape{1, 4}));
  BOOST_TEST_REQUIRE(by_default.bindings.size() == 1u);
  BOOST_TEST(by_default.bindings[0].name == "batch_size");
  BOOST_TEST(by_default.bindings[0].value == 1);
  BOOST_TEST(by_default.bindings[0].defaulted);
  BOOST_TEST_REQUIRE(by_default.notes.size() == 1u);
  BOOST_TEST(by_default.notes[0].find("--dim batch_size=<size>") != std::string::npos);
  const Graph bound = m.load({}, {{"batch_size", 6}});
  BOOST_TEST(bound.tensor(bound.op(0).outputs[0]).shape == (graphstat::Shape{6, 4}));
  BOOST_TEST_REQUIRE(bound.bindings.size() == 1u);
  BOOST_TEST(!bound.bindings[0].defaulted);
  BOOST_TEST(bound.notes.empty());
  BOOST_TEST(error_contains(
      [&] {
        m.load({InputSpec{"z", {1, 4}, std::nullopt}});
      },
      "no input 'z'"));
  BOOST_TEST(error_contains(
      [&] {
        m.load({InputSpec{"x", {1, 5}, std::nullopt}});
      },
      "dimension 1"));
  const Graph g = m.load({InputSpec{"x", {3, 4}, std::nullopt}});
  BOOST_TEST(g.tensor(g.op(0).outputs[0]).shape == (graphstat::Shape{3, 4}));
}

BOOST_AUTO_TEST_CASE(custom_domain_ops_are_kept_as_unsupported) {
  ModelBuilder m;
  auto* opset = m.model.add_opset_import();
  opset->set_domain("com.example");
  opset->set_version(1);
  m.input("x", {"1", "4"});
  m.node("/fancy/Fancy", "Fancy", {"x"}, {"y"})->set_domain("com.example");
  auto* vi = m.graph->add_value_info();
  vi->set_name("y");
  set_type(vi->mutable_type(), ::onnx::TensorProto::FLOAT, {"1", "4"});
  m.output("y");
  const Graph g = m.load();
  BOOST_TEST_REQUIRE(g.op_count() == 1u);
  BOOST_TEST(g.op(0).op == "com.example::Fancy");
  BOOST_TEST(g.op(0).module == "fancy");
}

// A Reshape whose target is a runtime input cannot have a shape: the output stays in the graph as
// an unknown-rank tensor, and what reads it waits on the same thing.
BOOST_AUTO_TEST_CASE(unknowable_shapes_are_kept_as_symbolic_tensors) {
  ModelBuilder m;
  m.input("x", {"1", "4"});
  m.graph->add_input()->set_name("target");
  set_type(m.graph->mutable_input(1)->mutable_type(), ::onnx::TensorProto::INT64, {"2"});
  m.node("/Reshape", "Reshape", {"x", "target"}, {"y"});
  m.node("/Relu", "Relu", {"y"}, {"z"});
  m.output("z");
  const Graph g = m.load();
  BOOST_TEST_REQUIRE(g.op_count() == 2u);
  const graphstat::Tensor& y = g.tensor(g.op(0).outputs[0]);
  BOOST_TEST_REQUIRE(!y.is_static());
  BOOST_TEST(!y.symbolic->rank_known);
  BOOST_TEST(y.numel() == 0u);
  const graphstat::Tensor& z = g.tensor(g.op(1).outputs[0]);
  BOOST_TEST_REQUIRE(!z.is_static());
  BOOST_TEST(z.symbolic->waits_on == y.symbolic->waits_on, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reader_errors_are_one_line_and_name_the_file) {
  ModelBuilder m;
  m.input("x", {"1", "4"});
  m.node("/Relu", "Relu", {"x"}, {"y"});
  const std::string bytes = m.model.SerializeAsString();
  BOOST_TEST(onnxfe::looks_like_onnx(bytes));
  BOOST_TEST(!onnxfe::looks_like_onnx("{\"format\""));
  for (const std::string& bad : {bytes.substr(0, bytes.size() - 3), std::string("hello world"),
                                 std::string(16, '\xff'), std::string()}) {
    BOOST_TEST(error_contains([&] { onnxfe::parse_model(bad, kFile); }, "model.onnx: "));
  }
  BOOST_TEST(error_contains([&] { onnxfe::read_model("/nonexistent/model.onnx"); }, "cannot open"));
}

namespace {

// x -> If(cond) { then: Relu(x) } else { Sigmoid(x) } -> y, with cond a Constant or a graph input.
ModelBuilder if_model(bool constant_condition) {
  ModelBuilder m;
  m.input("x", {"1", "4"});
  if (constant_condition) {
    auto* c = m.node("/Constant", "Constant", {}, {"cond"});
    auto* a = c->add_attribute();
    a->set_name("value");
    a->set_type(::onnx::AttributeProto::TENSOR);
    a->mutable_t()->set_data_type(::onnx::TensorProto::BOOL);
    a->mutable_t()->add_int32_data(0);
  } else {
    auto* in = m.graph->add_input();
    in->set_name("cond");
    set_type(in->mutable_type(), ::onnx::TensorProto::BOOL, {});
  }
  auto* node = m.node("/If", "If", {"cond"}, {"y"});
  for (const auto& [name, op, out] :
       {std::tuple{"then_branch", "Relu", "t"}, std::tuple{"else_branch", "Sigmoid", "e"}}) {
    auto* a = node->add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::GRAPH);
    auto* g = a->mutable_g();
    auto* n = g->add_node();
    n->set_name(std::string("/branch/") + op);
    n->set_op_type(op);
    n->add_input("x");
    n->add_output(out);
    auto* o = g->add_output();
    o->set_name(out);
    set_type(o->mutable_type(), ::onnx::TensorProto::FLOAT, {"1", "4"});
  }
  m.output("y");
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(if_with_a_known_condition_prices_the_branch_that_runs) {
  const Graph g = if_model(true).load();
  BOOST_TEST_REQUIRE(g.op_count() == 1u);
  BOOST_TEST(g.op(0).op == "sigmoid");  // The condition is false.
  BOOST_TEST(g.op(0).module == "branch");
}

// Branches of different cost under an unknown condition: both are kept, each op waiting on the
// condition's symbol (so the report lists them, unpriced); binding it keeps the branch taken.
BOOST_AUTO_TEST_CASE(if_with_an_unknown_condition_waits_on_its_symbol) {
  const Graph g = if_model(false).load();
  BOOST_TEST_REQUIRE(g.op_count() == 2u);
  BOOST_TEST(g.op(0).op == "relu");
  BOOST_TEST(g.op(1).op == "sigmoid");
  for (Graph::OpId id = 0; id < g.op_count(); ++id) {
    BOOST_TEST(g.op(id).attr_string(graphstat::kRepeatWaitsOnAttr).value_or("") == "/If.cond");
  }
  const Graph bound = if_model(false).load({}, {{"/If.cond", 1}});
  BOOST_TEST_REQUIRE(bound.op_count() == 1u);
  BOOST_TEST(bound.op(0).op == "relu");
  BOOST_TEST(!bound.op(0).attr_string(graphstat::kRepeatWaitsOnAttr).has_value());
}
