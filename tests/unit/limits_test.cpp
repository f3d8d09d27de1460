#define BOOST_TEST_MODULE limits
#include <boost/test/unit_test.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// Resource limits (docs/errors.md, "Limits"): a file that would make graphstat build more than a
// limit allows is one error line naming the file, the limit's config key and value; a config's
// `limits:` section moves them. The ONNX fixtures come from tools/make_hostile_fixtures.py.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kHostile = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/hostile";

// `depth` nested module levels, "m.m.m...", on a one-op graph.
std::string deep_module_graph(int depth) {
  std::string module = "m";
  for (int i = 1; i < depth; ++i) module += ".m";
  return R"({"format":"graphstat-graph","version":1,"inputs":["x"],"outputs":["y"],
"tensors":[{"name":"x","shape":[1,4]},{"name":"y","shape":[1,4]}],
"nodes":[{"name":"r","op":"relu","module":")" +
         module + R"(","inputs":["x"],"outputs":["y"]}]})";
}

std::string config(const TempDir& dir, const std::string& model, const std::string& limits) {
  return dir.write("c.yaml", "model: '" + model + "'\nlimits: {" + limits + "}\n").string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_20000_level_module_path_is_refused_by_default) {
  TempDir dir;
  const auto model = dir.write("deep.json", deep_module_graph(20000));
  const auto r = run_graphstat("'" + model.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + model.string() +
                          ": the module path of op 'r' (39999 bytes): over "
                          "limits.max_module_path = 4096 (raise it in a config's 'limits:' "
                          "section)\n");
}

BOOST_AUTO_TEST_CASE(raised_a_deep_path_is_reported_without_exhausting_the_stack) {
  // The module tree is built without recursion over the levels; the report shows every level.
  // 2000 levels: rows keep their full paths, so the report grows with the square of the depth
  // (12 MB here), which is why the limits exist at all.
  TempDir dir;
  const auto model = dir.write("deep.json", deep_module_graph(2000));
  const auto out = dir.path() / "r.md";
  const auto r = run_graphstat(
      "--config '" + config(dir, model.string(), "max_module_path: 4000, max_module_depth: 2000") +
      "' -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  // The deepest row, indented by its depth: "   ...  m.m.(2000 levels) |".
  std::string deepest = "m";
  for (int i = 1; i < 2000; ++i) deepest += ".m";
  BOOST_TEST(contains(graphstat::test::read_file(out), " " + deepest + " |"));
}

BOOST_AUTO_TEST_CASE(module_depth_cannot_be_raised_past_what_formatters_can_nest) {
  TempDir dir;
  const auto c = config(dir, "m.json", "max_module_depth: 30000");
  const auto r = run_graphstat("--config '" + c + "'");
  BOOST_TEST(r.err ==
             "graphstat: error: " + c + ":2: 'limits.max_module_depth' can be at most 4096\n");
}

BOOST_AUTO_TEST_CASE(module_depth_is_a_limit_of_its_own) {
  TempDir dir;
  const auto model = dir.write("deep.json", deep_module_graph(300));
  const auto r = run_graphstat("'" + model.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + model.string() +
                          ": the module path of op 'r' (300 levels): over "
                          "limits.max_module_depth = 256 (raise it in a config's 'limits:' "
                          "section)\n");
}

BOOST_AUTO_TEST_CASE(op_and_tensor_counts) {
  TempDir dir;
  const auto model = dir.write("m.json", deep_module_graph(1));
  auto r = run_graphstat("--config '" + config(dir, model.string(), "max_tensors: 1") + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + model.string() +
                          ": the graph's 2 tensors: over limits.max_tensors = 1 (raise it in a "
                          "config's 'limits:' section)\n");
  r = run_graphstat("--config '" + config(dir, model.string(), "max_ops: 1") + "'");
  BOOST_TEST(r.exit_code == 0, r.err);  // One op is within a limit of one.
}

BOOST_AUTO_TEST_CASE(an_onnx_function_chain_that_doubles_stops_at_the_node_limit) {
  // f30 calls f29 twice, ... down to f0 (one Relu): 2^30 nodes if inlined. Stopped at 4M visited
  // nodes by default; with a limit of 1000 it stops at once.
  const std::string file = kHostile + "/function_doubling.onnx";
  auto r = run_graphstat("'" + file + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + file +
                          ": the nodes made by inlining functions: over "
                          "limits.max_function_nodes = 4000000 (raise it in a config's "
                          "'limits:' section)\n");
  TempDir dir;
  r = run_graphstat("--config '" + config(dir, file, "max_function_nodes: 1000") + "'");
  BOOST_TEST(contains(r.err, "limits.max_function_nodes = 1000 "), r.err);
}

BOOST_AUTO_TEST_CASE(a_recursive_onnx_function_stops_at_the_depth_limit) {
  const std::string file = kHostile + "/function_recursion.onnx";
  const auto r = run_graphstat("'" + file + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + file +
                          ": function 'f0' called 33 calls deep (recursion?): over "
                          "limits.max_function_depth = 32 (raise it in a config's 'limits:' "
                          "section)\n");
}

BOOST_AUTO_TEST_CASE(nested_if_bodies_stop_at_the_subgraph_limit_and_pass_when_raised) {
  const std::string file = kHostile + "/nested_if.onnx";
  auto r = run_graphstat("'" + file + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + file +
                          ": subgraphs (If/Loop/Scan bodies) nested 17 deep: over "
                          "limits.max_subgraph_depth = 16 (raise it in a config's 'limits:' "
                          "section)\n");
  TempDir dir;
  r = run_graphstat("--config '" + config(dir, file, "max_subgraph_depth: 20") + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
}

// TorchScript runs the model's code to build the graph: its loops, its ops and its inlined calls
// are bounded. loop_1000.pt adds 1 in a scripted loop of 1000 iterations: 1000 add ops.
BOOST_AUTO_TEST_CASE(torchscript_loops_ops_and_calls_are_bounded) {
  const std::string file = kHostile + "/loop_1000.pt";
  TempDir dir;
  const auto limited = [&](const std::string& limit) {
    const auto yaml =
        dir.write("c.yaml", "model: '" + file + "'\ninputs: [{name: x, shape: [2, 3]}]\nlimits: {" +
                                limit + "}\n");
    return run_graphstat("--config '" + yaml.string() + "'");
  };
  auto r = limited("max_loop_iterations: 999");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + file +
                          ": the iterations of the model's loops: over "
                          "limits.max_loop_iterations = 999 (raise it in a config's 'limits:' "
                          "section)\n");
  r = limited("max_loop_iterations: 1000");
  BOOST_TEST(r.exit_code == 0, r.err);
  // 1000 adds of 2x3 elements: 6,000 FLOPs.
  BOOST_TEST(contains(r.out, "Total FLOPs: 6.000K (6,000)"), r.out);
  r = limited("max_ops: 999");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + file +
                          ": the ops made by running the model's code: over limits.max_ops = 999 "
                          "(raise it in a config's 'limits:' section)\n");
  BOOST_TEST(limited("max_ops: 1000").exit_code == 0);
  // ResNet-18's forward inlines its submodules' forward methods: far more than one call.
  const std::string resnet = std::string(GRAPHSTAT_SOURCE_DIR) + "/models/resnet18.pt";
  const auto yaml =
      dir.write("r.yaml", "model: '" + resnet +
                              "'\ninputs: [{name: x, shape: [1, 3, 224, 224]}]\nlimits: "
                              "{max_inlined_calls: 1}\n");
  r = run_graphstat("--config '" + yaml.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + resnet +
                          ": the method and function calls to inline: over "
                          "limits.max_inlined_calls = 1 (raise it in a config's 'limits:' "
                          "section)\n");
}

BOOST_AUTO_TEST_CASE(the_limits_section_is_checked_like_the_rest_of_a_config) {
  TempDir dir;
  const std::string model = (dir.path() / "m.json").string();
  auto c = config(dir, model, "max_opz: 5");
  auto r = run_graphstat("--config '" + c + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, c + ":2: unknown key 'max_opz' (known keys: max_ops, "), r.err);
  c = config(dir, model, "max_ops: many");
  r = run_graphstat("--config '" + c + "'");
  BOOST_TEST(r.err ==
             "graphstat: error: " + c + ":2: 'limits.max_ops' must be an integer, not 'many'\n");
  c = config(dir, model, "max_ops: 0");
  r = run_graphstat("--config '" + c + "'");
  BOOST_TEST(r.err == "graphstat: error: " + c + ":2: 'limits.max_ops' must be at least 1\n");
}
