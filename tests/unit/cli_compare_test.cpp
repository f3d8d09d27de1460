#define BOOST_TEST_MODULE cli_compare
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// --compare: several models in one table, rows matched by module path, deltas from the first; a
// model without a row shows blanks, never zeros. Figures by hand.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

// A: fc = linear 4 -> 2 on (1, 4), then act = relu. B: fc = linear 4 -> 3, then head = relu.
// fc: A 2·4 + 2 = 10 params, 8 MACs, memory 16 (x) + 8 (h) + 40 (weights) = 64 B;
//     B 3·4 + 3 = 15 params, 12 MACs, 16 + 12 + 60 = 88 B.
// act (A only): 8 + 8 = 16 B; head (B only): 12 + 12 = 24 B. Totals 80 B and 112 B.
std::string model(const std::string& out, int width, const std::string& activation) {
  const std::string w = std::to_string(width);
  return R"({"format":"graphstat-graph","version":1,"inputs":["x"],"outputs":["y"],
"tensors":[{"name":"x","shape":[1,4]},{"name":"fc.weight","shape":[)" +
         w + R"(,4],"role":"parameter"},{"name":"fc.bias","shape":[)" + w +
         R"(],"role":"parameter"},{"name":"h","shape":[1,)" + w + R"(]},{"name":"y","shape":[1,)" +
         w + R"(]}],
"nodes":[{"name":"l","op":"linear","module":"fc","inputs":["x","fc.weight","fc.bias"],"outputs":["h"]},
{"name":"r","op":"relu","module":")" +
         activation + R"(","inputs":["h"],"outputs":["y"]}]})" + out;
}

struct Pair {
  TempDir dir;
  std::string a = dir.write("a.json", model("", 2, "act")).string();
  std::string b = dir.write("b.json", model("", 3, "head")).string();
  std::string args() const { return "--compare '" + a + "' '" + b + "'"; }
};

}  // namespace

BOOST_AUTO_TEST_CASE(rows_matched_by_path_with_deltas_and_blanks) {
  Pair p;
  const auto r = run_graphstat(p.args());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "A = " + p.a + " (json frontend)\nB = " + p.b + " (json frontend)\n"));
  const std::string table =
      "| Module | #Parameters A | #Parameters B | Δ #Parameters B | Δ% #Parameters B | MACs A | "
      "MACs B | Δ MACs B | Δ% MACs B | Memory A | Memory B | Δ Memory B | Δ% Memory B |\n"
      "|:-------|:--------------|:--------------|:----------------|:-----------------|:-------|"
      ":-------|:---------|:----------|:---------|:---------|:-----------|:------------|\n"
      "| model  | 10            | 15            | +5              | +50.0%           | 8      | "
      "12     | +4       | +50.0%    | 80B      | 112B     | +32B       | +40.0%      |\n"
      "| act    |               |               |                 |                  |        | "
      "       |          |           | 16B      |          |            |             |\n"
      "| fc     | 10            | 15            | +5              | +50.0%           | 8      | "
      "12     | +4       | +50.0%    | 64B      | 88B      | +24B       | +37.5%      |\n"
      "| head   |               |               |                 |                  |        | "
      "       |          |           |          | 24B      |            |             |\n";
  BOOST_TEST(contains(r.out, table), r.out);
  BOOST_TEST(contains(r.out, "\nB: Total parameters 15 (15); Total MACs 12 (12);"), r.out);
}

BOOST_AUTO_TEST_CASE(csv_and_json_hold_exact_values_and_nothing_for_a_missing_row) {
  Pair p;
  auto r = run_graphstat(p.args() + " --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out ==
             "module,kind,depth,parent,params:a,params:b,params_delta:b,params_rel:b,macs:a,"
             "macs:b,macs_delta:b,macs_rel:b,memory_bytes:a,memory_bytes:b,memory_bytes_delta:b,"
             "memory_bytes_rel:b\n"
             "model,model,0,,10,15,5,0.5,8,12,4,0.5,80,112,32,0.4\n"
             "act,module,1,model,0,,,,0,,,,16,,,\n"
             "fc,module,1,model,10,15,5,0.5,8,12,4,0.5,64,88,24,0.375\n"
             "head,module,1,model,,0,,,,0,,,,24,,\n");
  r = run_graphstat(p.args() + " --format json");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["comparison"][1]["label"] == "b");
  BOOST_TEST(j["comparison"][1]["totals"]["macs"] == 12);
  const auto& act = j["modules"]["children"][0];
  BOOST_TEST(act["name"] == "act");
  BOOST_TEST(act["models"][1].is_null());
  BOOST_TEST(act["deltas"][0].is_null());
  const auto& fc = j["modules"]["children"][1];
  BOOST_TEST(fc["deltas"][0]["memory_bytes"] == 24);
  BOOST_TEST(fc["deltas"][0]["memory_bytes_rel"] == 0.375);
}

// B first: every delta is a decrease. fc 15 -> 10 params (-5, -5/15 = -33.3%), 12 -> 8 MACs
// (-4, -33.3%), 88 -> 64 B (-24, -24/88 = -27.3%); the model 112 -> 80 B (-32, -28.6%).
BOOST_AUTO_TEST_CASE(a_smaller_model_gives_negative_deltas) {
  Pair p;
  auto r = run_graphstat("--compare '" + p.b + "' '" + p.a + "' --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out,
                      "\nmodel,model,0,,15,10,-5,-0.3333333333333333,12,8,-4,"
                      "-0.3333333333333333,112,80,-32,-0.2857142857142857\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "\nfc,module,1,model,15,10,-5,-0.3333333333333333,12,8,-4,"
                      "-0.3333333333333333,88,64,-24,-0.2727272727272727\n"),
             r.out);
  r = run_graphstat("--compare '" + p.b + "' '" + p.a + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "| fc     | 15            | 10            | -5              | -33.3%"),
             r.out);
  BOOST_TEST(contains(r.out, "| 88B      | 64B      | -24B       | -27.3%      |"), r.out);
}

BOOST_AUTO_TEST_CASE(html_shows_the_same_table) {
  Pair p;
  TempDir out;
  const auto file = out.path() / "c.html";
  const auto r = run_graphstat(p.args() + " -o '" + file.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const std::string html = graphstat::test::read_file(file);
  BOOST_TEST(contains(html, "<th>Δ% Memory B</th>"));
  BOOST_TEST(contains(html, "<td>64B</td><td>88B</td><td>+24B</td><td>+37.5%</td></tr>"), html);
}

BOOST_AUTO_TEST_CASE(the_same_model_from_onnx_and_torchscript_differs_by_nothing) {
  const std::string models = std::string(GRAPHSTAT_SOURCE_DIR) + "/models/";
  const auto r = run_graphstat("--compare " + models + "resnet18.onnx " + models +
                               "resnet18.pt -i 1x3x224x224 -d 1 --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // Labels by file name where the stems are the same.
  BOOST_TEST(contains(r.out, ",params:resnet18.onnx,params:resnet18.pt,"), r.out);
  BOOST_TEST(contains(r.out,
                      "\nmodel,model,0,,11689512,11689512,0,0,1814073344,1814073344,0,0,"
                      "116954688,116954688,0,0\n"),
             r.out);
  BOOST_TEST(contains(r.out, "\nlayer4,module,1,model,8393728,8393728,0,0,"), r.out);
  // In the table, a zero delta is "0" and "0.0%", never a sign.
  const auto table = run_graphstat("--compare " + models + "resnet18.onnx " + models +
                                   "resnet18.pt -i 1x3x224x224 -d 0 --columns params");
  BOOST_TEST(contains(table.out,
                      "| model  | 11.690M       | 11.690M       | 0               | "
                      "0.0%             |\n"),
             table.out);
}

BOOST_AUTO_TEST_CASE(configs_compare_too) {
  const std::string configs = std::string(GRAPHSTAT_SOURCE_DIR) + "/configs/";
  const auto r = run_graphstat("--compare " + configs + "resnet18.yaml " + configs +
                               "resnet50.yaml -d 0 --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // 25,557,032 - 11,689,512 = 13,867,520 params; 4,089,184,256 - 1,814,073,344 MACs.
  BOOST_TEST(contains(r.out, "\nmodel,model,0,,11689512,25557032,13867520,"), r.out);
  BOOST_TEST(contains(r.out, ",1814073344,4089184256,2275110912,"), r.out);
}

// Models are lettered A to Z, then M27, M28, ...: the 26th is Z, the 27th M27.
BOOST_AUTO_TEST_CASE(the_27th_model_has_a_numbered_letter) {
  Pair p;
  std::string args = "--compare";
  for (int k = 0; k < 27; ++k) args += " '" + p.a + "'";
  const auto r = run_graphstat(args + " -d 0 --columns params");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Y = " + p.a + " (json frontend)\nZ = " + p.a +
                                 " (json frontend)\nM27 = " + p.a + " (json frontend)\n"),
             r.out);
  BOOST_TEST(contains(r.out, "| #Parameters Y | #Parameters Z | #Parameters M27 |"), r.out);
  BOOST_TEST(contains(r.out, "| Δ% #Parameters Z | Δ #Parameters M27 | Δ% #Parameters M27 |"),
             r.out);
}

BOOST_AUTO_TEST_CASE(misuse_is_one_error_line) {
  Pair p;
  auto r = run_graphstat("--compare '" + p.a + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: --compare needs two or more models, got 1\n");
  r = run_graphstat(p.args() + " --by-op");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err ==
             "graphstat: error: --compare shows module tables; --by-op and --ops are for one "
             "model\n");
  r = run_graphstat(p.args() + " --config '" + p.a + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "--compare takes the models as arguments"), r.err);
  // A model that fails names its file, as a single run would.
  r = run_graphstat(p.args() + " /no/such.onnx");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: /no/such.onnx: no such file\n");
}
