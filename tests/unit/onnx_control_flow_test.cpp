#define BOOST_TEST_MODULE onnx_control_flow
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// End-to-end: the graphstat executable prices the bodies of ONNX Scan and Loop nodes once per
// iteration (graphstat.repeat) and leaves a Loop whose trip count is data unresolved until the
// user binds `<loop>.trips`. The models are ONNX's own backend test models (Debian's
// libonnx-testdata); the test says so and passes without checking when they are absent.

using graphstat::test::report_total;
using graphstat::test::run_graphstat;

namespace {

const std::filesystem::path kNode = "/usr/include/onnx/backend/test/data/node";

bool have_data() {
  if (std::filesystem::is_directory(kNode)) return true;
  BOOST_TEST_MESSAGE("SKIPPED: " << kNode << " is absent (apt-get install libonnx-testdata)");
  return false;
}

std::string model(const std::string& name) {
  return "'" + (kNode / name / "model.onnx").string() + "'";
}

}  // namespace

// test_scan9_sum: Scan over x[3x2] with body sum_out = Add(sum_in[2], next[2]); scan_out =
// Identity(sum_out). The body runs 3 times (the length of x's axis 0): the Add costs 2 FLOPs
// (one per element) per iteration, 3 × 2 = 6; Identity costs nothing.
BOOST_AUTO_TEST_CASE(scan_body_is_priced_once_per_step) {
  if (!have_data()) return;
  const auto run = run_graphstat(model("test_scan9_sum"));
  BOOST_TEST_INFO(run.out << run.err);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(report_total(run.out, "FLOPs") == 6u);
}

// test_scan_sum is the opset-8 form: a batch axis of 1 in front, the same 3 steps: 1 × 3 × 2 = 6.
BOOST_AUTO_TEST_CASE(opset8_scan_runs_its_body_per_batch_element_and_step) {
  if (!have_data()) return;
  const auto run = run_graphstat(model("test_scan_sum"));
  BOOST_TEST_INFO(run.out << run.err);
  BOOST_TEST(run.exit_code == 0);
  BOOST_TEST(report_total(run.out, "FLOPs") == 6u);
}

// test_range_float_type_positive_delta_expanded: Range(start, limit, delta) expanded into
// Sub, Cast, Div, Ceil, Relu, Cast, Cast and a Loop whose trip count is
// Cast(Relu(Ceil((limit - start) / delta))) of graph inputs: data. Outside the loop, Sub, Div,
// Ceil and Relu on scalars cost 1 FLOP each (4; Casts cost none). The body's
// current = Add(prev, delta) on scalars costs 1 FLOP per iteration. Unbound, the body waits on
// `<first output>.trips` (the Loop has no name) and --strict refuses; bound to 2 the total is
// 4 + 2 × 1 = 6.
BOOST_AUTO_TEST_CASE(data_dependent_loop_waits_on_its_trip_count_until_bound) {
  if (!have_data()) return;
  const std::string file = model("test_range_float_type_positive_delta_expanded");
  const std::string trips =
      "Range_test_range_float_type_positive_delta_expanded_function_"
      "variadic_output.trips";
  const auto unbound = run_graphstat(file);
  BOOST_TEST_INFO(unbound.out << unbound.err);
  BOOST_TEST(unbound.exit_code == 0);
  BOOST_TEST(unbound.out.find(trips) != std::string::npos);
  BOOST_TEST(report_total(unbound.out, "FLOPs") == 4u);
  const auto strict = run_graphstat(file + " --strict");
  BOOST_TEST(strict.exit_code != 0);
  BOOST_TEST(strict.err.find(trips) != std::string::npos);
  const auto bound = run_graphstat(file + " --dim " + trips + "=2");
  BOOST_TEST_INFO(bound.out << bound.err);
  BOOST_TEST(bound.exit_code == 0);
  BOOST_TEST(report_total(bound.out, "FLOPs") == 6u);
}

// test_if: If on a graph input whose branches are each one Constant (of different values but the
// same shape [5]): they cost the same (nothing), so the model is priced without binding
// anything; its output has the branches' common shape.
BOOST_AUTO_TEST_CASE(if_whose_branches_cost_the_same_needs_no_condition) {
  if (!have_data()) return;
  const auto run = run_graphstat(model("test_if") + " --strict");
  BOOST_TEST_INFO(run.out << run.err);
  BOOST_TEST(run.exit_code == 0);
}

// ---- Edge fixtures (tools/make_onnx_edge_fixtures.py, tests/data/onnx_edge/) ----

namespace {

std::string edge(const std::string& name) {
  return "'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/onnx_edge/" + name + ".onnx'";
}

}  // namespace

// A Loop whose initial condition is a constant false never runs its body, whatever its trip
// count (5): the body's Add on 2x3 costs nothing and waits on nothing; the Relu after it costs
// 6 FLOPs and moves 24 + 24 bytes.
BOOST_AUTO_TEST_CASE(a_loop_whose_condition_starts_false_runs_zero_times) {
  const auto run = run_graphstat(edge("loop_never_runs") + " --strict --flops");
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  BOOST_TEST(report_total(run.out, "FLOPs") == 6u);
  BOOST_TEST(report_total(run.out, "memory") == 48u);
}

// A function body's node named "inner/relu" stays in the caller's module: a '/' in the node's
// own name is not a scope level.
BOOST_AUTO_TEST_CASE(a_slash_in_a_function_nodes_name_is_no_module_level) {
  const auto run = run_graphstat(edge("function_slash_names") + " --format csv -d 9");
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  BOOST_TEST(run.out ==
             "module,kind,depth,parent,params,macs,flops,memory_bytes,input_bytes,output_bytes,"
             "weight_bytes,peak_activation_bytes,arithmetic_intensity,unresolved_ops\n"
             // One op: its 16-byte input and output alive at once.
             "model,model,0,,0,0,4,32,16,16,0,32,0.125,0\n"
             "block,module,1,model,0,0,4,32,16,16,0,32,0.125,0\n");
}

// A sequence input declared as tensors of shape (0, 3): SequenceAt gives a (0, 3) tensor, known
// (empty, 0 bytes), not an unknown one; only the index (8 bytes) is read.
BOOST_AUTO_TEST_CASE(a_declared_sequence_shape_with_a_zero_dim_is_known) {
  const auto run = run_graphstat(edge("sequence_zero_rows") + " --columns output_shapes,memory");
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  BOOST_TEST(graphstat::test::contains(run.out, "| at     | (0, 3)        | 8B     |"), run.out);
  BOOST_TEST(!graphstat::test::contains(run.out, "Unresolved"), run.out);
}

// Opset-8 Scan over (2, 3, 2), no sequence_lens: each of the 2 batch elements runs the body 3
// times, 6 runs of an Add of 2 floats (2 FLOPs, 24 bytes) and an Identity (16 bytes): 12 FLOPs,
// 240 bytes. A batch of one (the backend tests' test_scan_sum) would not tell 6 runs from 3.
BOOST_AUTO_TEST_CASE(opset8_scan_runs_its_body_for_every_batch_element) {
  const auto run = run_graphstat(edge("scan8_batch2") + " --strict --flops");
  BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
  BOOST_TEST(report_total(run.out, "FLOPs") == 12u);
  BOOST_TEST(report_total(run.out, "memory") == 240u);
}
