#define BOOST_TEST_MODULE self_check
#include <boost/test/unit_test.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// The report's self-check (core/src/self_check.hpp) runs in every test (GRAPHSTAT_SELF_CHECK=1,
// tests/CMakeLists.txt). These cases show it can fail: a plugin that prices a matmul with FLOPs =
// MACs breaks "FLOPs = 2·MACs for a pure multiply-add", which no figure on its own reveals.

using graphstat::test::contains;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kPlugin =
    std::string(GRAPHSTAT_TEST_PLUGIN_DIR) + "/libtest_plugin_lopsided_matmul.so";

// (2 x 3) · (3 x 4): 2·3·4 = 24 MACs.
const char* kMatmul = R"({"format":"graphstat-graph","version":1,"inputs":["a","b"],"outputs":["y"],
"tensors":[{"name":"a","shape":[2,3]},{"name":"b","shape":[3,4]},{"name":"y","shape":[2,4]}],
"nodes":[{"name":"m","op":"matmul","inputs":["a","b"],"outputs":["y"]}]})";

}  // namespace

BOOST_AUTO_TEST_CASE(a_matmul_priced_without_its_additions_is_caught) {
  TempDir dir;
  const auto model = dir.write("m.json", kMatmul);
  const auto args = "'" + model.string() + "' --plugin '" + kPlugin + "'";
  auto r = run_graphstat(args, "GRAPHSTAT_SELF_CHECK=1");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + model.string() +
                          ": self-check failed: op 'm' (matmul) is a pure multiply-add but has 24 "
                          "FLOPs for 24 MACs\n");
  // Off, the same run prints the plugin's figures: the check is what stops them.
  r = run_graphstat(args, "GRAPHSTAT_SELF_CHECK=0");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Total FLOPs: 24"), r.out);
}

BOOST_AUTO_TEST_CASE(the_built_in_matmul_passes) {
  TempDir dir;
  const auto model = dir.write("m.json", kMatmul);
  const auto r = run_graphstat("'" + model.string() + "'", "GRAPHSTAT_SELF_CHECK=1");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Total FLOPs: 48"), r.out);
}

BOOST_AUTO_TEST_CASE(an_unresolved_shape_survives_the_json_round_trip) {
  // Outputs of unknown rank (NonMaxSuppression's selected boxes wait on their data) are written by
  // `convert` as "shape": null with what they wait on; read back, the same ops are unresolved,
  // waiting on the same, and the report is the same byte for byte.
  TempDir dir;
  const std::string detector =
      std::string(GRAPHSTAT_TEST_DATA_DIR) + "/onnx/tiny_detector-op13.onnx";
  const auto direct = run_graphstat("'" + detector + "'", "GRAPHSTAT_SELF_CHECK=1");
  BOOST_TEST(direct.exit_code == 0, direct.err);
  const auto json = dir.path() / "back.json";
  BOOST_TEST(run_graphstat("convert '" + detector + "' -o '" + json.string() + "'").exit_code == 0);
  const auto back = run_graphstat("'" + json.string() + "'", "GRAPHSTAT_SELF_CHECK=1");
  BOOST_TEST(back.exit_code == 0, back.err);
  BOOST_TEST(contains(read_file(json), R"("shape":null,"waits_on":[)"));
  BOOST_TEST(contains(direct.out, "waits on"), direct.out);
  BOOST_TEST(back.out == direct.out);
}
