#define BOOST_TEST_MODULE dim_patterns
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "graphstat/dim_lookup.hpp"
#include "run_graphstat.hpp"
#include "temp_dir.hpp"
#include "text_checks.hpp"

// Glob patterns in --dim and a config's dims: (graphstat/dim_lookup.hpp). A detector from ONNX
// names hundreds of data-dependent dims; they are bound by kind (`--dim '*.count=100'`).
//
// tests/data/pattern_detector.json: a backbone linear on x [1, 4] (32 MACs), then two heads a and
// b, each a NonZero whose count depends on the data (`a.nz.count`, `b.nz.count`), a gather of the
// hits and a classifier on them. By hand:
//   backbone.fc: 1·8·4 = 32 MACs.
//   a.cls: Linear(8, 3) on [a.nz.count, 8]: 24 MACs per hit.
//   b.cls: Linear(8, 2) on [b.nz.count, 8]: 16 MACs per hit.

using graphstat::dim_pattern_matches;
using graphstat::DimValues;
using graphstat::lookup_dim;
using graphstat::test::contains;
using graphstat::test::report_total;
using graphstat::test::run_graphstat;

namespace {

const std::string kData = std::string(GRAPHSTAT_TEST_DATA_DIR);
const std::string kModel = "'" + kData + "/pattern_detector.json'";

}  // namespace

BOOST_AUTO_TEST_CASE(glob_matching) {
  BOOST_TEST(dim_pattern_matches("*", ""));
  BOOST_TEST(dim_pattern_matches("*", "/roi_heads/NonMaxSuppression.boxes"));
  BOOST_TEST(dim_pattern_matches("*.count", "a.nz.count"));
  BOOST_TEST(!dim_pattern_matches("*.count", "a.nz.count_1"));
  BOOST_TEST(dim_pattern_matches("*.count*", "a.nz.count_1"));
  BOOST_TEST(dim_pattern_matches("a?nz*", "a.nz.count"));
  BOOST_TEST(!dim_pattern_matches("a?nz", "a.nz.count"));
  // Backtracking past a first partial match: "*a*b" on "xaxxab".
  BOOST_TEST(dim_pattern_matches("*a*b", "xaxxab"));
  BOOST_TEST(!dim_pattern_matches("*a*b", "xaxxa"));
  // A hostile pattern stays fast (no exponential backtracking) and right.
  const std::string many_a(2000, 'a');
  BOOST_TEST(!dim_pattern_matches("*a*a*a*a*a*a*a*a*a*a*b", many_a));
  BOOST_TEST(dim_pattern_matches("*a*a*a*a*a*a*a*a*a*a*", many_a));
}

BOOST_AUTO_TEST_CASE(exact_names_win_then_the_most_specific_pattern) {
  const DimValues dims{{"*.count", 5}, {"b.*.count", 1}, {"b.nz.count", 2}, {"*", 9}};
  const auto exact = lookup_dim(dims, "b.nz.count");
  BOOST_TEST_REQUIRE(exact.has_value());
  BOOST_TEST(exact->value == 2);
  BOOST_TEST(exact->pattern.empty());
  // "b.*.count" has 7 literal characters, "*.count" 6, "*" none.
  const auto specific = lookup_dim(dims, "b.other.count");
  BOOST_TEST_REQUIRE(specific.has_value());
  BOOST_TEST(specific->value == 1);
  BOOST_TEST(specific->pattern == "b.*.count");
  BOOST_TEST(lookup_dim(dims, "a.nz.count")->pattern == "*.count");
  BOOST_TEST(lookup_dim(dims, "N")->value == 9);
  // Equally specific patterns: the one that sorts first, whatever order they were given in.
  const DimValues tie{{"a*", 3}, {"*z", 4}};
  BOOST_TEST(lookup_dim(tie, "az")->value == 4);  // "*z" < "a*"
  BOOST_TEST(!lookup_dim(DimValues{{"x*", 1}}, "a.nz.count").has_value());
}

BOOST_AUTO_TEST_CASE(one_pattern_binds_every_matching_dim) {
  // 32 + 5·24 + 5·16 = 232 MACs.
  const auto r = run_graphstat(kModel + " --dim '*.count=5' --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(report_total(r.out, "MACs") == 232u);
  BOOST_TEST(contains(r.out, "Dims: *.count=5 (2 dims)\n"), r.out);
  BOOST_TEST(!contains(r.out, "Unresolved"), r.out);

  const auto j = run_graphstat(kModel + " --dim '*.count=5' --format json");
  BOOST_TEST_REQUIRE(j.exit_code == 0, j.err);
  const auto doc = nlohmann::json::parse(j.out);
  BOOST_TEST_REQUIRE(doc["bindings"].size() == 2u);
  BOOST_TEST(doc["bindings"][0]["name"] == "a.nz.count");
  BOOST_TEST(doc["bindings"][0]["pattern"] == "*.count");
  BOOST_TEST(doc["bindings"][1]["name"] == "b.nz.count");
  BOOST_TEST(doc["bindings"][1]["value"] == 5);
}

BOOST_AUTO_TEST_CASE(an_exact_name_or_a_more_specific_pattern_overrides_a_pattern) {
  // b bound exactly to 2: 32 + 5·24 + 2·16 = 184.
  const auto exact = run_graphstat(kModel + " --dim '*.count=5' --dim b.nz.count=2");
  BOOST_TEST_REQUIRE(exact.exit_code == 0, exact.err);
  BOOST_TEST(report_total(exact.out, "MACs") == 184u);
  BOOST_TEST(contains(exact.out, "Dims: *.count=5 (a.nz.count), b.nz.count=2\n"), exact.out);
  // b by the more specific pattern (7 literal characters against 6) to 1: 32 + 120 + 16 = 168.
  const auto specific = run_graphstat(kModel + " --dim '*.count=5' --dim 'b.*.count=1'");
  BOOST_TEST_REQUIRE(specific.exit_code == 0, specific.err);
  BOOST_TEST(report_total(specific.out, "MACs") == 168u);
  BOOST_TEST(contains(specific.out, "Dims: *.count=5 (a.nz.count), b.*.count=1 (b.nz.count)\n"),
             specific.out);
}

BOOST_AUTO_TEST_CASE(a_pattern_matching_nothing_leaves_the_dims_open) {
  const auto r = run_graphstat(kModel + " --dim 'c.*=5'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Total MACs: ≥ 32 (32)\n"), r.out);
  BOOST_TEST(contains(r.out, "- a.cls/linear (Gemm) in a.cls: waits on a.nz.count\n"), r.out);
  BOOST_TEST(!contains(r.out, "Dims:"), r.out);
  BOOST_TEST(run_graphstat(kModel + " --dim 'a.*=5' --strict").exit_code == 1);
}

BOOST_AUTO_TEST_CASE(config_dims_take_patterns) {
  graphstat::test::TempDir dir;
  const auto config = dir.write(
      "patterns.yaml", "model: " + kData + "/pattern_detector.json\ndims:\n  '*.count': 3\n");
  // 32 + 3·24 + 3·16 = 152.
  const auto r = run_graphstat("--config '" + config.string() + "' --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(report_total(r.out, "MACs") == 152u);
  // The command line's exact name beats the config's pattern: 32 + 72 + 10·16 = 264.
  const auto over = run_graphstat("--config '" + config.string() + "' --dim b.nz.count=10");
  BOOST_TEST(report_total(over.out, "MACs") == 264u);
}

BOOST_AUTO_TEST_CASE(patterns_bind_the_onnx_and_torchscript_symbols) {
  // tests/data/onnx/tiny_detector-op13.onnx (onnx_detection_test): 65,536 static MACs and 160
  // per box NMS keeps (`/NonMaxSuppression.boxes`): at 100 boxes 81,536. Its adaptive RoiAlign
  // waits on `/RoiAlign.sampling_ratio`, bound by a second pattern.
  const auto md = run_graphstat("'" + kData +
                                "/onnx/tiny_detector-op13.onnx' --dim '*.boxes=100' "
                                "--dim '*.sampling_ratio=2' --strict");
  BOOST_TEST(md.exit_code == 1);  // NonMaxSuppression has no cost model; nothing waits
  BOOST_TEST(contains(md.err, "priced by no cost model"), md.err);
  const auto text = run_graphstat("'" + kData +
                                  "/onnx/tiny_detector-op13.onnx' --dim '*.boxes=100' "
                                  "--dim '*.sampling_ratio=2'");
  BOOST_TEST_REQUIRE(text.exit_code == 0, text.err);
  BOOST_TEST(report_total(text.out, "MACs") == 81536u);
  BOOST_TEST(contains(text.out,
                      "Dims: *.boxes=100 (/NonMaxSuppression.boxes), *.sampling_ratio=2 "
                      "(/RoiAlign.sampling_ratio)\n"),
             text.out);
  // torchscript_coverage/nms_roi.pt (torchscript_coverage_test): conv 6,912 MACs, then 80 per
  // kept box (`nms.keep`): at 2 boxes 7,072.
  const auto pt = run_graphstat("'" + kData +
                                "/torchscript_coverage/nms_roi.pt' -i 1x3x8x8 -i 3x4 -i 3 "
                                "--dim '*keep=2'");
  BOOST_TEST_REQUIRE(pt.exit_code == 0, pt.err);
  BOOST_TEST(report_total(pt.out, "MACs") == 7072u);
  BOOST_TEST(contains(pt.out, "Dims: *keep=2 (nms.keep)\n"), pt.out);
  BOOST_TEST(!contains(pt.out, "Unresolved"), pt.out);
}
