#define BOOST_TEST_MODULE cli_columns
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// --columns and a config's `columns:`: which figures the module table shows. Figures by hand.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

// x (N, 4) -> a: relu -> blk.p: reshape (N, 2, 2) -> blk.q: reshape (N, 4, 1) -> a: relu ->
// blk.p: reshape (N, 4) = y. Module a runs twice, blk twice, blk.q once: calls are runs of
// consecutive ops.
const char* kShared = R"({"format":"graphstat-graph","version":1,"inputs":["x"],"outputs":["y"],
"tensors":[{"name":"x","shape":["N",4]},{"name":"t1","shape":["N",4]},
{"name":"t2","shape":["N",2,2]},{"name":"t3","shape":["N",4,1]},{"name":"t4","shape":["N",4,1]},
{"name":"y","shape":["N",4]}],
"nodes":[{"name":"r1","op":"relu","module":"a","inputs":["x"],"outputs":["t1"]},
{"name":"r2","op":"reshape","module":"blk.p","inputs":["t1"],"outputs":["t2"]},
{"name":"r3","op":"reshape","module":"blk.q","inputs":["t2"],"outputs":["t3"]},
{"name":"r4","op":"relu","module":"a","inputs":["t3"],"outputs":["t4"]},
{"name":"r5","op":"reshape","module":"blk.p","inputs":["t4"],"outputs":["y"]}]})";

nlohmann::json row(const nlohmann::json& node, const std::string& name) {
  if (node["name"] == name) return node;
  for (const auto& child : node["children"]) {
    if (auto found = row(child, name); !found.is_null()) return found;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(calls_count_runs_of_consecutive_ops) {
  TempDir dir;
  const auto model = dir.write("m.json", kShared);
  const auto r = run_graphstat("'" + model.string() + "' --columns calls --format json");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto modules = nlohmann::json::parse(r.out)["modules"];
  BOOST_TEST(row(modules, "model")["calls"] == 1);
  BOOST_TEST(row(modules, "a")["calls"] == 2);      // r1, then r4.
  BOOST_TEST(row(modules, "blk")["calls"] == 2);    // r2 r3, then r5.
  BOOST_TEST(row(modules, "blk.p")["calls"] == 2);  // r2, then r5.
  BOOST_TEST(row(modules, "blk.q")["calls"] == 1);
}

BOOST_AUTO_TEST_CASE(shapes_are_what_crosses_a_module_border) {
  TempDir dir;
  const auto model = dir.write("m.json", kShared);
  const auto r = run_graphstat("'" + model.string() +
                               "' --dim N=2 --columns ops,calls,input_shapes,output_shapes");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // a reads x and t3 and writes t1 and t4; blk reads t1 and t4 and writes t3 (read by a) and y (a
  // graph output); blk.p writes t2 (read by blk.q) and y; blk.q reads t2, writes t3. Distinct
  // shapes, in first-use order, N bound to 2.
  const std::string expected =
      R"(| Module | Ops | Calls | Input shapes      | Output shapes     |
|:-------|:----|:------|:------------------|:------------------|
| model  | 5   | 1     | (2, 4)            | (2, 4)            |
| a      | 2   | 2     | (2, 4); (2, 4, 1) | (2, 4); (2, 4, 1) |
| blk    | 3   | 2     | (2, 4); (2, 4, 1) | (2, 4, 1); (2, 4) |
|  blk.p | 2   | 2     | (2, 4); (2, 4, 1) | (2, 2, 2); (2, 4) |
|  blk.q | 1   | 1     | (2, 2, 2)         | (2, 4, 1)         |
)";
  BOOST_TEST(r.out.substr(0, expected.size()) == expected);
}

BOOST_AUTO_TEST_CASE(resnet18_percent_columns_shapes_and_a_shared_relu) {
  const auto r = run_graphstat(
      "--model resnet18 --columns macs,macs%,params%,calls,input_shapes,output_shapes -d 3");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // conv1: 118,013,952 of 1,814,073,344 MACs = 6.5%; 9,408 of 11,689,512 params = 0.08% -> 0.1%.
  BOOST_TEST(contains(r.out,
                      "\n| conv1                 | 118.014M | 6.5%   | 0.1%     | 1     "
                      "| (1, 3, 224, 224)  | (1, 64, 112, 112) |\n"),
             r.out);
  // BasicBlock calls its one ReLU twice (after bn1, after the residual add).
  BOOST_TEST(contains(r.out,
                      "\n|   layer1.0.relu       |          |        |          | 2     "
                      "| (1, 64, 56, 56)   | (1, 64, 56, 56)   |\n"),
             r.out);
  // The whole model: 100% of its MACs, read from the input, writing the logits.
  BOOST_TEST(contains(r.out,
                      "\n| model                 | 1.814G   | 100.0% | 100.0%   | 1     "
                      "| (1, 3, 224, 224)  | (1, 1000)         |\n"),
             r.out);
}

BOOST_AUTO_TEST_CASE(csv_gives_exact_shares_and_the_config_key_works) {
  TempDir dir;
  const auto config = dir.write(
      "c.yaml", "model: " + std::string(GRAPHSTAT_SOURCE_DIR) +
                    "/models/resnet18.onnx\ncolumns: [macs, macs%, calls]\nmax_depth: 1\n");
  const auto r = run_graphstat("--config '" + config.string() + "' --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.substr(0, r.out.find('\n')) ==
             "module,kind,depth,parent,macs,macs_share,calls,unresolved_ops");
  // 118,013,952 / 1,814,073,344, printed as the shortest text that reads back as the double.
  BOOST_TEST(contains(r.out, "\nconv1,module,1,model,118013952,0.06505467509917835,1,0\n"), r.out);
  BOOST_TEST(contains(r.out, "\nmodel,model,0,,1814073344,1,1,0\n"), r.out);
}

BOOST_AUTO_TEST_CASE(bad_columns_are_one_error_line) {
  auto r = run_graphstat("--model resnet18 --columns params,mac");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err ==
             "graphstat: error: --columns: unknown column 'mac' (known: params, trainable, frozen, "
             "macs, flops, "
             "memory, peak, input, output, weights, intensity, ops, calls, input_shapes, "
             "output_shapes, "
             "time, bound; add % for a share of the model's total)\n");
  r = run_graphstat("--model resnet18 --columns intensity%");
  BOOST_TEST(r.err ==
             "graphstat: error: --columns: column 'intensity%': intensity has no model total to "
             "take a share of\n");
  r = run_graphstat("--model resnet18 --columns time");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err ==
             "graphstat: error: the time and bound columns need a hardware profile (--hardware "
             "NAME)\n");
  r = run_graphstat("--model resnet18 --columns ,");
  BOOST_TEST(contains(r.err, "--columns: no columns given"), r.err);
  TempDir dir;
  const auto config = dir.write("c.yaml", "model: m.onnx\ncolumns: [params, 7x]\n");
  r = run_graphstat("--config '" + config.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, config.string() + ":2: 'columns': unknown column '7x'"), r.err);
}

BOOST_AUTO_TEST_CASE(time_columns_with_a_hardware_profile) {
  // resnet50 on the A100 profile: 539 µs (roofline_test states it by hand); bound and share.
  const auto r = run_graphstat("--model resnet50 --hardware a100 --columns time,time%,bound -d 0");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "| model  | 539"), r.out);
  BOOST_TEST(contains(r.out, "| 100.0% | compute |"), r.out);
}

BOOST_AUTO_TEST_CASE(trainable_and_frozen_where_the_file_says) {
  // frozen_backbone.pt (tools/make_trainability_fixture.py): backbone Linear(4, 8) frozen, 40
  // parameters; head Linear(8, 2) trainable, 18.
  const std::string pt = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/torchscript/frozen_backbone.pt";
  auto r = run_graphstat("'" + pt + "' -i 1x4 --columns params,trainable,frozen -d 1");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out,
                      "| model    | 58          | 18        | 40     |\n"
                      "| backbone | 40          |           | 40     |\n"
                      "| head     | 18          | 18        |        |\n"),
             r.out);
  // Converted to a graphstat JSON graph, the flags travel ("trainable": false).
  TempDir dir;
  const auto json = dir.path() / "g.json";
  BOOST_TEST(run_graphstat("convert '" + pt + "' -i 1x4 -o '" + json.string() + "'").exit_code ==
             0);
  BOOST_TEST(contains(graphstat::test::read_file(json),
                      R"({"name":"backbone.weight","shape":[8,4],"dtype":"float32",)"
                      R"("role":"parameter","trainable":false})"));
  r = run_graphstat("'" + json.string() + "' --columns trainable,frozen -d 0");
  BOOST_TEST(contains(r.out, "| model  | 18        | 40     |\n"), r.out);
  // ONNX does not say: blank, not zero.
  r = run_graphstat("'" + std::string(GRAPHSTAT_SOURCE_DIR) +
                    "/models/resnet18.onnx' --columns params,trainable,frozen -d 0");
  BOOST_TEST(contains(r.out, "| model  | 11.690M     |           |        |\n"), r.out);
  // A JSON graph's flag must be a boolean, on a parameter.
  const auto bad = dir.write("b.json", R"({"format":"graphstat-graph","version":1,"inputs":["x"],
"outputs":["x"],"tensors":[{"name":"x","shape":[1],"trainable":false}],"nodes":[]})");
  r = run_graphstat("'" + bad.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + bad.string() +
                          ": tensor 'x': 'trainable' is for parameters only\n");
}

BOOST_AUTO_TEST_CASE(every_share_column) {
  // tiny_cnn (roofline_test works its figures out): the model has 318 params, 35,162 FLOPs,
  // 15,488 bytes (7,968 in, 6,216 out, 1,304 weights) and 9 ops; block has 156 params
  // (49.1%), 20,736 FLOPs (59.0%), 11,920 bytes (77.0%: 6,144 in 77.1%, 5,120 out 82.4%, 656
  // weights 50.3%) and 5 ops (55.6%).
  const auto r = run_graphstat("'" + std::string(GRAPHSTAT_TEST_DATA_DIR) +
                               "/tiny_cnn.json' --columns params%,flops%,memory%,input%,output%,"
                               "weights%,ops% -d 1");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out,
                      "| Module  | Params % | FLOPs % | Memory % | Input % | Output % | "
                      "Weights % | Ops %  |\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "| block   | 49.1%    | 59.0%   | 77.0%    | 77.1%   | 82.4%    | "
                      "50.3%     | 55.6%  |\n"),
             r.out);
}
