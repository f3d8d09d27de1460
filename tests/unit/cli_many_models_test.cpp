#define BOOST_TEST_MODULE cli_many_models
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "run_graphstat.hpp"
#include "temp_dir.hpp"
#include "text_checks.hpp"

// graphstat A B C ...: several models in one process (one libtorch load, one plugin registry),
// one table with a row per model (its totals) under a "total" row.

namespace fs = std::filesystem;
using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kModels = "'" + std::string(GRAPHSTAT_SOURCE_DIR) + "/models/";
const std::string kPt = "'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/torchscript/";

// The total row of a single model's CSV report, from "params," on.
std::string totals_of(const std::string& csv) {
  const auto start = csv.find("\nmodel,model,0,,");
  BOOST_TEST_REQUIRE(start != std::string::npos, csv);
  const auto from = start + std::string("\nmodel,model,0,,").size();
  return csv.substr(from, csv.find('\n', from) - from);
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_model_is_a_row_with_its_own_totals_and_the_total_sums_them) {
  const auto r =
      run_graphstat(kModels + "resnet18.onnx' " + kModels + "mobilenet_v2.json' --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // ResNet-18: 11,689,512 params, 1,814,073,344 MACs, 3,643,652,072 FLOPs, 116,954,688 bytes,
  // peak 6,422,528 (docs/cost-model.md); MobileNetV2: 3,504,872 params, 300,774,272 MACs.
  BOOST_TEST(contains(r.out,
                      "\nresnet18.onnx,module,1,total,11689512,1814073344,3643652072,116954688,"
                      "37234688,32923552,46796448,6422528,"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "\nmobilenet_v2.json,module,1,total,3504872,300774272,641325000,173075264,"
                      "80191488,78727840,14155936,9633792,"),
             r.out);
  // The total adds params, MACs, FLOPs and bytes; its peak is the larger model's (they run one
  // after the other): 15,194,384 = 11,689,512 + 3,504,872, ...
  BOOST_TEST(contains(r.out,
                      "\ntotal,model,0,,15194384,2114847616,4284977072,290029952,117426176,"
                      "111651392,60952384,9633792,"),
             r.out);
  // Every row is exactly what the model gives alone.
  for (const std::string file : {"resnet18.onnx", "mobilenet_v2.json"}) {
    const auto alone = run_graphstat(kModels + file + "' --format csv");
    BOOST_TEST_REQUIRE(alone.exit_code == 0, alone.err);
    BOOST_TEST(contains(r.out, "\n" + file + ",module,1,total," + totals_of(alone.out) + "\n"),
               file);
  }
}

BOOST_AUTO_TEST_CASE(torchscript_files_share_one_libtorch_load) {
  // Two .pt files and the same ResNet-18 as ONNX: libtorch's initializers run once, and the .pt
  // and .onnx rows agree in every figure.
  const auto r = run_graphstat(kPt + "resnet18.pt' " + kPt + "mobilenet_v2.pt' " + kModels +
                                   "resnet18.onnx' -i 1x3x224x224 --format csv",
                               "LD_DEBUG=files");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  std::size_t inits = 0;
  for (auto at = r.err.find("calling init:"); at != std::string::npos;
       at = r.err.find("calling init:", at + 1)) {
    const auto line_end = r.err.find('\n', at);
    if (r.err.substr(at, line_end - at).find("libtorch_cpu") != std::string::npos) ++inits;
  }
  BOOST_TEST(inits == 1u);
  const std::string resnet = ",module,1,total,11689512,1814073344,3643652072,116954688,";
  BOOST_TEST(contains(r.out, "\nresnet18.pt" + resnet), r.out);
  BOOST_TEST(contains(r.out, "\nresnet18.onnx" + resnet), r.out);
  BOOST_TEST(contains(r.out, "\nmobilenet_v2.pt,module,1,total,3504872,300774272,"), r.out);
}

BOOST_AUTO_TEST_CASE(one_bad_model_is_one_error_line_and_no_output) {
  TempDir dir;
  const fs::path out = dir.path() / "summary.csv";
  const auto r = run_graphstat(kModels + "resnet18.onnx' '" + (dir.path() / "nope.onnx").string() +
                               "' -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err ==
             "graphstat: error: " + (dir.path() / "nope.onnx").string() + ": no such file\n");
  BOOST_TEST(!fs::exists(out));
  const auto convert =
      run_graphstat("convert " + kModels + "resnet18.onnx' " + kModels + "resnet50.onnx'");
  BOOST_TEST(convert.exit_code == 1);
  BOOST_TEST(contains(convert.err, "convert reads one model at a time, got 2"), convert.err);
  const auto by_op =
      run_graphstat(kModels + "resnet18.onnx' " + kModels + "resnet50.onnx' --by-op");
  BOOST_TEST(by_op.exit_code == 1);
  BOOST_TEST(contains(by_op.err, "--by-op and --ops are for one model"), by_op.err);
}
