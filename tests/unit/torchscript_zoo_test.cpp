#define BOOST_TEST_MODULE torchscript_zoo
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// End-to-end: the graphstat executable on weight-stripped torch.jit.trace output (traced under
// no_grad, tests/data/torchscript/, made by tools/sweep_torchscript.py --fixtures). Expected
// parameters are sum(p.numel()) of the eager model; expected MACs are the fvcore-style count of
// conv/linear/matmul/bmm that script takes at the aten dispatch level of an eager forward.

using graphstat::test::report_total;
using graphstat::test::run_graphstat;

namespace {

const std::string kSource = GRAPHSTAT_SOURCE_DIR;
const std::string kData = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/torchscript/";

struct Fixture {
  const char* model;
  const char* shape;
  std::uint64_t params;
  std::uint64_t macs;
};

std::ostream& operator<<(std::ostream& out, const Fixture& f) { return out << f.model; }

// Printed by tools/sweep_torchscript.py --fixtures (model, input shape, params, MACs).
const Fixture kFixtures[] = {
    {"resnet18", "1x3x224x224", 11689512, 1814073344},
    {"mobilenet_v2", "1x3x224x224", 3504872, 300774272},
    {"mobilenet_v3_small", "1x3x224x224", 2542856, 56510400},
    {"efficientnet_b0", "1x3x224x224", 5288548, 385814752},
    {"squeezenet1_0", "1x3x224x224", 1248424, 818924576},
    {"googlenet", "1x3x224x224", 6624904, 1498376192},
    {"shufflenet_v2_x0_5", "1x3x224x224", 1366792, 40476448},
    {"convnext_tiny", "1x3x224x224", 28589128, 4455531264},
    {"vit_b_16", "1x3x224x224", 86567656, 17563828224},
    {"transformer_encoder", "1x64x256", 1579520, 104857600},
};

}  // namespace

BOOST_DATA_TEST_CASE(traced_model_matches_the_eager_model, boost::unit_test::data::make(kFixtures),
                     fixture) {
  const auto r = run_graphstat("'" + kData + fixture.model + ".pt' -i " + fixture.shape);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("Unsupported operators: none") != std::string::npos);
  BOOST_TEST(report_total(r.out, "parameters") == fixture.params);
  // Within 0.1% of the reference; in practice equal.
  const auto macs = static_cast<double>(report_total(r.out, "MACs"));
  BOOST_TEST(macs == static_cast<double>(fixture.macs), boost::test_tools::tolerance(0.001));
}

BOOST_AUTO_TEST_CASE(resnet18_pt_prints_the_table_of_the_json_graph) {
  const auto pt = run_graphstat("--config '" + kSource + "/configs/resnet18-torchscript.yaml'");
  const auto json = run_graphstat("--config '" + kSource + "/configs/resnet18.yaml'");
  BOOST_TEST_REQUIRE(pt.exit_code == 0, pt.err);
  BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
  BOOST_TEST(pt.out == json.out);
  BOOST_TEST(pt.out.find("| 11.690M ") != std::string::npos);
  BOOST_TEST(pt.out.find("Total MACs: 1.814G") != std::string::npos);
  BOOST_TEST(pt.out.find("Total memory: 116.95MB") != std::string::npos);
  BOOST_TEST(pt.out.find(
                 "|  layer1.0                        | 73.984K          | 231.211M | 12.34MB  |") !=
             std::string::npos);
  // Functional ops belong to the module that called them, parameters to their attribute chain.
  BOOST_TEST(pt.out.find("layer1.0.add ") != std::string::npos);
  BOOST_TEST(pt.out.find("layer1.0.conv1.weight         | (64, 64, 3, 3)") != std::string::npos);
}
