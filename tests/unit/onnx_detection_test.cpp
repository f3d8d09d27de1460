#define BOOST_TEST_MODULE onnx_detection
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// End-to-end: the graphstat executable on tiny_detector-op13.onnx (tools/export_detection_onnx.py
// --fixture), the data-dependent tail of a two-stage detector: how many boxes NonMaxSuppression
// keeps is data, a named symbol the user binds with --dim.
//
// Static part (priced exactly without any binding), 1x3x32x32 image:
//   backbone Conv2d(3, 8, 3, stride 2, pad 1): 8*16*16 outputs x 3*3*3 = 2048 x 27 = 55296 MACs
//   box_head Conv2d(8, 4, 1): 4*16*16 x 8 = 8192;  score_head Conv2d(8, 1, 1): 256 x 8 = 2048
//   total 55296 + 8192 + 2048 = 65536.
// Per kept box: RoiAlign to 8x2x2, classifier Linear(32, 5): 32 x 5 = 160 MACs.
//   100 boxes: 65536 + 16000 = 81536;  7 boxes: 65536 + 1120 = 66656.
// The RoiAlign has sampling_ratio 0 (adaptive: the samples per bin depend on the boxes), so it
// also waits on `/RoiAlign.sampling_ratio`; bound to 2 it costs 5 * 2^2 FLOPs per output element.

using graphstat::test::contains;
using graphstat::test::run_graphstat;

namespace {

const std::string kModel =
    std::string("'") + GRAPHSTAT_TEST_DATA_DIR "/onnx/tiny_detector-op13.onnx'";
const std::string kSymbol = "/NonMaxSuppression.boxes";
const std::string kRatio = "/RoiAlign.sampling_ratio";

}  // namespace

BOOST_AUTO_TEST_CASE(unbound_boxes_leave_the_heads_unresolved_and_price_the_rest) {
  const auto r = run_graphstat(kModel);
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Total MACs: ≥ 65.536K (65,536)"), r.out);
  BOOST_TEST(contains(r.out, "| backbone "), r.out);
  BOOST_TEST(
      contains(r.out, "- /NonMaxSuppression (NonMaxSuppression) in model: waits on " + kSymbol),
      r.out);
  BOOST_TEST(contains(r.out, "- /RoiAlign (RoiAlign) in model: waits on " + kSymbol), r.out);
  BOOST_TEST(contains(r.out, "- /classifier/Gemm (Gemm) in classifier: waits on " + kSymbol),
             r.out);
}

BOOST_AUTO_TEST_CASE(json_lists_every_unresolved_op_with_the_symbol) {
  const auto r = run_graphstat(kModel + " --format json");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["totals"]["macs"].get<std::uint64_t>() == 65536U);
  BOOST_TEST(doc["totals"]["lower_bound"].get<bool>());
  const auto& unresolved = doc["unresolved_ops"];
  // NonMaxSuppression, then Gather/Squeeze of its indices, the box Gather, the Concat with the
  // batch column, Gather/Squeeze/Cast of the batch index, Gather of the rois, RoiAlign, Flatten,
  // the classifier's Gemm.
  BOOST_TEST(unresolved.size() == 12U);
  for (const auto& op : unresolved) {
    const auto waits = op["name"] == "/RoiAlign" ? nlohmann::json::array({kSymbol, kRatio})
                                                 : nlohmann::json::array({kSymbol});
    BOOST_TEST(op["waits_on"] == waits, op.dump());
  }
  BOOST_TEST(doc["bindings"].empty());
}

BOOST_AUTO_TEST_CASE(binding_the_symbol_prices_the_heads) {
  // The boxes alone: everything but the adaptive RoiAlign is priced.
  const auto boxes = run_graphstat(kModel + " --dim " + kSymbol + "=100");
  BOOST_TEST(boxes.exit_code == 0, boxes.err);
  BOOST_TEST(contains(boxes.out, "Total MACs: ≥ 81.536K (81,536)"), boxes.out);
  BOOST_TEST(contains(boxes.out, "- /RoiAlign (RoiAlign) in model: waits on " + kRatio + "\n"),
             boxes.out);

  const auto r = run_graphstat(kModel + " --dim " + kSymbol + "=100 --dim " + kRatio + "=2");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Total MACs: 81.536K (81,536)"), r.out);
  BOOST_TEST(!contains(r.out, "Unresolved operators"), r.out);
  BOOST_TEST(contains(r.out, "Dims: " + kSymbol + "=100, " + kRatio + "=2\n"), r.out);
  // RoiAlign (100, 8, 2, 2) = 3,200 outputs x 5 x 2^2 = 64,000 FLOPs; at ratio 1, 16,000.
  const auto one = run_graphstat(kModel + " --dim " + kSymbol + "=100 --dim " + kRatio + "=1");
  BOOST_TEST_REQUIRE(one.exit_code == 0, one.err);
  BOOST_TEST(graphstat::test::report_total(r.out, "FLOPs") -
                 graphstat::test::report_total(one.out, "FLOPs") ==
             48000U);

  const auto j =
      run_graphstat(kModel + " --format json --dim " + kSymbol + "=7 --dim " + kRatio + "=1");
  BOOST_TEST_REQUIRE(j.exit_code == 0, j.err);
  const auto doc = nlohmann::json::parse(j.out);
  BOOST_TEST(doc["totals"]["macs"].get<std::uint64_t>() == 66656U);
  BOOST_TEST(!doc["totals"]["lower_bound"].get<bool>());
  BOOST_TEST(doc["unresolved_ops"].empty());
  BOOST_TEST_REQUIRE(doc["bindings"].size() == 2U);
  BOOST_TEST(doc["bindings"][0]["name"] == kSymbol);
  BOOST_TEST(doc["bindings"][0]["value"] == 7);
  BOOST_TEST(!doc["bindings"][0]["defaulted"].get<bool>());
  BOOST_TEST(doc["bindings"][1]["name"] == kRatio);
}

BOOST_AUTO_TEST_CASE(strict_refuses_an_unbound_symbol) {
  const auto r = run_graphstat(kModel + " --strict");
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(contains(r.err, kSymbol), r.err);
  BOOST_TEST(contains(r.err, "waits on the unbound dims"), r.err);
  // Both bound, --strict stops at the next problem: NonMaxSuppression has no cost model
  // (unsupported without --strict).
  const auto bound =
      run_graphstat(kModel + " --strict --dim " + kSymbol + "=100 --dim " + kRatio + "=2");
  BOOST_TEST(bound.exit_code != 0);
  BOOST_TEST(contains(bound.err, "priced by no cost model"), bound.err);
  BOOST_TEST(!contains(bound.err, "unbound"), bound.err);
}
