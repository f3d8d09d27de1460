#define BOOST_TEST_MODULE live_memory
#include "graphstat/live_memory.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "graph_builder.hpp"
#include "graphstat/analysis.hpp"
#include "run_graphstat.hpp"
#include "text_checks.hpp"

// Peak live activation memory (docs/cost-model.md, "Peak live memory"): activations alive from
// the op that writes them through the last op that reads them, views sharing their input's
// storage, weights apart.

using graphstat::Graph;
using graphstat::live_activation_memory;
using graphstat::test::contains;
using graphstat::test::GraphBuilder;
using graphstat::test::run_graphstat;

namespace {

// The example of docs/cost-model.md. x is (1, 1000) float32: 4,000 bytes, as is every activation.
//   0 stem: a = mul(x, scale)   x, a alive                      8,000  (scale is a weight)
//   1 stem: v = reshape(a)      a view of a: nothing new         8,000
//   2 head: c = add(x, v)       x and a (through v) still read  12,000
//   3 head: d = relu(c)         x and a freed after op 2         8,000  (d is the output)
Graph example() {
  GraphBuilder b;
  const auto x = b.activation("x", {1, 1000});
  const auto scale = b.parameter("stem.scale", {1000});
  const auto a = b.op("mul", "stem", {x, scale}, {1, 1000});
  const auto v = b.op("reshape", "stem", {a}, {10, 100});
  const auto c = b.op("add", "head", {x, v}, {10, 100});
  const auto d = b.op("relu", "head", {c}, {10, 100});
  b.graph().inputs = {x};
  b.graph().outputs = {d};
  return std::move(b.graph());
}

}  // namespace

BOOST_AUTO_TEST_CASE(live_bytes_follow_each_tensor_from_its_writer_to_its_last_reader) {
  const auto live = live_activation_memory(example());
  BOOST_TEST(live.live_at_op == (std::vector<std::uint64_t>{8000, 8000, 12000, 8000}),
             boost::test_tools::per_element());
  BOOST_TEST(live.peak == 12000u);
}

BOOST_AUTO_TEST_CASE(a_module_peak_is_the_largest_live_total_during_its_ops) {
  const Graph graph = example();
  std::vector<graphstat::OpMeasure> measures(graph.op_count());
  const auto live = live_activation_memory(graph);
  for (std::size_t k = 0; k < measures.size(); ++k) measures[k].live_bytes = live.live_at_op[k];
  const auto root = graphstat::build_module_tree(graph, measures);
  BOOST_TEST(root.peak_live_bytes == 12000u);
  BOOST_TEST_REQUIRE(root.children.size() == 2u);
  BOOST_TEST(root.children[0].name == "stem");
  BOOST_TEST(root.children[0].peak_live_bytes == 8000u);
  BOOST_TEST(root.children[1].name == "head");
  BOOST_TEST(root.children[1].peak_live_bytes == 12000u);
}

BOOST_AUTO_TEST_CASE(an_output_lives_to_the_end_and_an_unread_result_only_through_its_op) {
  GraphBuilder b;
  const auto x = b.activation("x", {250});            // 1,000 bytes
  const auto kept = b.op("relu", "", {x}, {250});     // a graph output: alive to the end
  const auto dropped = b.op("relu", "", {x}, {500});  // 2,000 bytes nobody reads
  const auto last = b.op("relu", "", {kept}, {100});  // 400 bytes, also an output
  b.graph().inputs = {x};
  b.graph().outputs = {kept, last};
  (void)dropped;
  const auto live = live_activation_memory(b.graph());
  // op 0: x + kept = 2,000; op 1: x + kept + dropped = 4,000; op 2: kept + last = 1,400.
  BOOST_TEST(live.live_at_op == (std::vector<std::uint64_t>{2000, 4000, 1400}),
             boost::test_tools::per_element());
  BOOST_TEST(live.peak == 4000u);
}

BOOST_AUTO_TEST_CASE(a_tensor_of_unknown_size_counts_nothing) {
  GraphBuilder b;
  const auto x = b.activation("x", {250});
  const auto y = b.op("relu", "", {x}, {250});
  b.graph().tensor(y).symbolic = graphstat::SymbolicShape{{"n"}, true, {"n"}};
  b.graph().outputs = {y};
  b.graph().inputs = {x};
  BOOST_TEST(live_activation_memory(b.graph()).peak == 1000u);  // x alone; y's size is unknown
}

BOOST_AUTO_TEST_CASE(resnet18_peaks_at_the_stem_batch_norm) {
  // ResNet-18 at 1x3x224x224, float32. conv1 writes (1, 64, 112, 112) = 3,211,264 bytes while
  // the 602,112-byte image is still alive: 3,813,376. bn1 then holds its input and output, two
  // of those: 6,422,528, the peak; relu the same. maxpool: 3,211,264 + (1, 64, 56, 56) 802,816 =
  // 4,014,080. In layer1 a block's input stays alive for the residual add: at most three
  // 802,816-byte tensors, 2,408,448. avgpool reads (1, 512, 7, 7) 100,352 and writes 2,048;
  // flatten views those 2,048 bytes; fc adds its 4,000-byte output.
  const auto r = run_graphstat("--model resnet18 --format csv --columns peak --max-depth 1");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "\nmodel,model,0,,6422528,0\n"), r.out);
  BOOST_TEST(contains(r.out, "\nconv1,module,1,model,3813376,0\n"), r.out);
  BOOST_TEST(contains(r.out, "\nbn1,module,1,model,6422528,0\n"), r.out);
  BOOST_TEST(contains(r.out, "\nrelu,module,1,model,6422528,0\n"), r.out);
  BOOST_TEST(contains(r.out, "\nmaxpool,module,1,model,4014080,0\n"), r.out);
  BOOST_TEST(contains(r.out, "\nlayer1,module,1,model,2408448,0\n"), r.out);
  BOOST_TEST(contains(r.out, "\nflatten,op,1,model,2048,0\n"), r.out);  // torch.flatten: a call
  BOOST_TEST(contains(r.out, "\nfc,module,1,model,6048,0\n"), r.out);
  const auto text = run_graphstat("--model resnet18");
  BOOST_TEST(contains(text.out, "Peak activation memory: 6.42MB (6,422,528 bytes)\n"), text.out);
}
