#define BOOST_TEST_MODULE module_tree
#include <boost/test/unit_test.hpp>

#include "graph_builder.hpp"
#include "graphstat/analysis.hpp"

using namespace graphstat;

namespace {

const ModuleStats* find(const ModuleStats& root, const std::string& name) {
  if (root.name == name) return &root;
  for (const auto& child : root.children) {
    if (const auto* found = find(child, name)) return found;
  }
  return nullptr;
}

std::vector<std::string> child_names(const ModuleStats& row) {
  std::vector<std::string> names;
  for (const auto& c : row.children) names.push_back(c.name);
  return names;
}

// A residual block the way TorchScript/ONNX scopes describe it:
//   layer1.0.conv1: conv(x, w1)          x (1,2,4,4) -> a (1,2,4,4)
//   layer1.0.relu : relu(a)              first call of the relu module
//   layer1.0      : add(b, x)            the block's own functional add
//   layer1.0.relu : relu(c)              second call of the same module
//   model         : flatten(d)           (1,32)
//   fc, fc2       : linear(e, shared)    two modules reading one weight (1,32)->(1,3)
struct ResidualGraph {
  test::GraphBuilder b;
  TensorId w1, shared;
  std::vector<OpMeasure> measures;

  ResidualGraph() {
    auto x = b.activation("x", {1, 2, 4, 4});
    w1 = b.parameter("layer1.0.conv1.weight", {2, 2, 3, 3});
    shared = b.parameter("fc.weight", {3, 32});
    auto a = b.op("conv", "layer1.0.conv1", {x, w1}, {1, 2, 4, 4});
    auto r1 = b.op("relu", "layer1.0.relu", {a}, {1, 2, 4, 4});
    auto c = b.op("add", "layer1.0", {r1, x}, {1, 2, 4, 4});
    auto d = b.op("relu", "layer1.0.relu", {c}, {1, 2, 4, 4});
    auto e = b.op("flatten", "", {d}, {1, 32});
    b.op("linear", "fc", {e, shared}, {1, 3});
    b.op("linear", "fc2", {e, shared}, {1, 3});
    for (Graph::OpId id = 0; id < b.graph().op_count(); ++id) {
      measures.push_back(measure_memory(b.graph(), id));
    }
    measures[0].macs = 576;  // 32 outputs x 2 channels x 9 taps
    measures[5].macs = 96;   // 3 x 32
    measures[6].macs = 96;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(memory_is_inputs_plus_outputs_plus_weights) {
  ResidualGraph g;
  // conv: x 32 floats in, a 32 floats out, weight 36 floats.
  BOOST_TEST(g.measures[0].input_bytes == 128u);
  BOOST_TEST(g.measures[0].output_bytes == 128u);
  BOOST_TEST(g.measures[0].weight_bytes == 144u);
  // add reads two activations.
  BOOST_TEST(g.measures[2].input_bytes == 256u);
  BOOST_TEST(g.measures[2].weight_bytes == 0u);
}

BOOST_AUTO_TEST_CASE(functional_ops_belong_to_the_calling_module) {
  ResidualGraph g;
  ModuleStats root = build_module_tree(g.b.graph(), g.measures);
  sort_tree(root, SortKey::name);

  BOOST_TEST(root.name == "model");
  BOOST_TEST((root.kind == RowKind::model));
  BOOST_TEST(child_names(root) == (std::vector<std::string>{"fc", "fc2", "flatten", "layer1"}));
  const auto* block = find(root, "layer1.0");
  BOOST_REQUIRE(block);
  BOOST_TEST(child_names(*block) ==
             (std::vector<std::string>{"layer1.0.add", "layer1.0.conv1", "layer1.0.relu"}));
  const auto* add = find(root, "layer1.0.add");
  BOOST_TEST((add->kind == RowKind::op));
  BOOST_TEST(add->depth == 3);
  BOOST_TEST((find(root, "flatten")->kind == RowKind::op));
  BOOST_TEST(find(root, "flatten")->depth == 1);
}

BOOST_AUTO_TEST_CASE(a_module_called_twice_accumulates_both_calls) {
  ResidualGraph g;
  const ModuleStats root = build_module_tree(g.b.graph(), g.measures);
  const auto* relu = find(root, "layer1.0.relu");
  BOOST_TEST((relu->kind == RowKind::module));
  BOOST_TEST(relu->op_count == 2u);
  BOOST_TEST(relu->memory_bytes() == 512u);  // 2 calls x (128 in + 128 out)
}

BOOST_AUTO_TEST_CASE(parents_sum_children) {
  ResidualGraph g;
  const ModuleStats root = build_module_tree(g.b.graph(), g.measures);
  const auto* block = find(root, "layer1.0");
  // conv 400 + relu 512 + add 384 bytes.
  BOOST_TEST(block->memory_bytes() == 1296u);
  BOOST_TEST(block->macs == 576u);
  BOOST_TEST(find(root, "layer1")->memory_bytes() == 1296u);
  BOOST_TEST(root.macs == 768u);  // 576 + 96 + 96
  std::uint64_t all_bytes = 0;
  for (const auto& m : g.measures) all_bytes += m.input_bytes + m.output_bytes + m.weight_bytes;
  BOOST_TEST(root.memory_bytes() == all_bytes);
  BOOST_TEST(root.op_count == 7u);
}

BOOST_AUTO_TEST_CASE(parameters_count_once_in_the_modules_that_read_them) {
  ResidualGraph g;
  const ModuleStats root = build_module_tree(g.b.graph(), g.measures);
  BOOST_TEST(find(root, "layer1.0.conv1")->params == 36u);
  BOOST_TEST(find(root, "layer1.0")->params == 36u);
  BOOST_TEST(find(root, "fc")->params == 96u);
  BOOST_TEST(find(root, "fc2")->params == 96u);
  BOOST_TEST(root.params == 132u);  // 36 + 96: the shared weight once.
  const auto& rows = find(root, "layer1.0.conv1")->param_rows;
  BOOST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].name == "layer1.0.conv1.weight");
  BOOST_TEST(rows[0].numel == 36u);
  BOOST_TEST(find(root, "layer1.0")->param_rows.empty());
}

BOOST_AUTO_TEST_CASE(sort_keys) {
  ResidualGraph g;
  ModuleStats root = build_module_tree(g.b.graph(), g.measures);
  sort_tree(root, SortKey::order);
  BOOST_TEST(child_names(root) == (std::vector<std::string>{"layer1", "flatten", "fc", "fc2"}));
  sort_tree(root, SortKey::memory);
  BOOST_TEST(child_names(root).front() == "layer1");
  sort_tree(root, SortKey::macs);
  // layer1 576, then fc and fc2 tie at 96 and keep execution order, then flatten 0.
  BOOST_TEST(child_names(root) == (std::vector<std::string>{"layer1", "fc", "fc2", "flatten"}));
  BOOST_TEST((parse_sort_key("params").value() == SortKey::params));
  BOOST_TEST(!parse_sort_key("size"));
}

BOOST_AUTO_TEST_CASE(every_sort_key_orders_by_its_own_column) {
  // Three siblings whose figures give each of the six keys a different one of the 3! = 6 orders,
  // so a key that sorted by another key's column would fail:
  //          first_op params macs flops memory
  //   n2  (a)   0       2     10   200   1000
  //   n9  (b)   2       3     30   100   2000
  //   n10 (c)   1       1     20   300   3000
  auto row = [](std::string name, std::uint64_t first, std::uint64_t params, std::uint64_t macs,
                std::uint64_t flops, std::uint64_t memory) {
    ModuleStats m;
    m.name = std::move(name);
    m.first_op = first;
    m.params = params;
    m.macs = macs;
    m.flops = flops;
    m.input_bytes = memory;
    return m;
  };
  ModuleStats root;
  root.children = {row("n10", 1, 1, 20, 300, 3000), row("n2", 0, 2, 10, 200, 1000),
                   row("n9", 2, 3, 30, 100, 2000)};
  using Names = std::vector<std::string>;
  sort_tree(root, SortKey::name);  // Natural: 2 < 9 < 10 (lexicographic would put n10 first).
  BOOST_TEST(child_names(root) == (Names{"n2", "n9", "n10"}), boost::test_tools::per_element());
  sort_tree(root, SortKey::order);
  BOOST_TEST(child_names(root) == (Names{"n2", "n10", "n9"}), boost::test_tools::per_element());
  sort_tree(root, SortKey::params);
  BOOST_TEST(child_names(root) == (Names{"n9", "n2", "n10"}), boost::test_tools::per_element());
  sort_tree(root, SortKey::macs);
  BOOST_TEST(child_names(root) == (Names{"n9", "n10", "n2"}), boost::test_tools::per_element());
  sort_tree(root, SortKey::flops);
  BOOST_TEST(child_names(root) == (Names{"n10", "n2", "n9"}), boost::test_tools::per_element());
  sort_tree(root, SortKey::memory);
  BOOST_TEST(child_names(root) == (Names{"n10", "n9", "n2"}), boost::test_tools::per_element());
  for (const char* key : {"name", "order", "params", "macs", "flops", "memory"}) {
    BOOST_TEST(parse_sort_key(key).has_value(), key);
  }
  BOOST_TEST((parse_sort_key("flops").value() == SortKey::flops));
  BOOST_TEST((parse_sort_key("memory").value() == SortKey::memory));
  BOOST_TEST(!parse_sort_key("FLOPS"));
}

BOOST_AUTO_TEST_CASE(prune_keeps_rows_down_to_max_depth) {
  ResidualGraph g;
  ModuleStats root = build_module_tree(g.b.graph(), g.measures);
  prune_tree(root, 1);
  BOOST_TEST(root.children.size() == 4u);
  for (const auto& child : root.children) {
    BOOST_TEST(child.children.empty());
    BOOST_TEST(child.param_rows.empty());  // Parameter rows would be depth 2.
  }
  // Totals survive pruning.
  BOOST_TEST(root.macs == 768u);
  prune_tree(root, 0);
  BOOST_TEST(root.children.empty());
}

BOOST_AUTO_TEST_CASE(natural_order_compares_numbers_by_value) {
  BOOST_TEST(natural_less("layer1.2", "layer1.10"));
  BOOST_TEST(!natural_less("layer1.10", "layer1.2"));
  BOOST_TEST(natural_less("features.9", "features.10"));
  BOOST_TEST(natural_less("bn1", "conv1"));
  BOOST_TEST(natural_less("fc", "fc2"));
  BOOST_TEST(!natural_less("a", "a"));
  BOOST_TEST(natural_less("x007", "x8"));
}
