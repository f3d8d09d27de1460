#define BOOST_TEST_MODULE cli_config_keys
#include <boost/test/unit_test.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// Every report key of a config file at once, against the same run from the command line, with
// the figures by hand; and a bad value of each key that takes a word.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kModel = std::string(GRAPHSTAT_SOURCE_DIR) + "/models/resnet18.onnx";

}  // namespace

BOOST_AUTO_TEST_CASE(hardware_dtype_filters_and_depth_from_a_config) {
  TempDir dir;
  const auto config = dir.write("c.yaml", "model: '" + kModel +
                                              "'\nhardware: a100\ndtype: fp16\nonly: [conv]\n"
                                              "modules: ['layer1.*']\nhide_zero: true\n"
                                              "max_depth: 1\nview: modules\n");
  const auto r = run_graphstat("--config '" + config.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // layer1's four 3x3 convs, 64 -> 64 channels on 56 x 56: 4 x 36,864 = 147,456 params and
  // 4 x 56·56·64·576 = 462,422,016 MACs. At fp16 each reads 401,408 B, writes 401,408 B and
  // reads 73,728 B of weights: 4 x 876,544 = 3,506,176 B. 924,844,032 FLOPs at 312 TFLOP/s =
  // 2.96 µs > 3,506,176 B at 2039 GB/s = 1.72 µs: compute-bound.
  BOOST_TEST(contains(r.out, "Filter: ops conv; modules layer1.* (only these ops are counted"));
  BOOST_TEST(contains(r.out,
                      "| layer1 | 147.456K    | 462.422M | 3.51MB | 2.96µs | compute | "
                      "100.0% |\n"),
             r.out);
  BOOST_TEST(contains(r.out, "Total memory: 3.51MB (3,506,176 bytes)\n"), r.out);
  // The same from the command line.
  const auto cli = run_graphstat("'" + kModel +
                                 "' --hardware a100 --dtype fp16 --only conv --module 'layer1.*' "
                                 "--hide-zero -d 1");
  BOOST_TEST(cli.out == r.out);
}

BOOST_AUTO_TEST_CASE(views_from_a_config) {
  TempDir dir;
  const auto by_op = dir.write("b.yaml", "model: '" + kModel + "'\nview: by_op\n");
  auto r = run_graphstat("--config '" + by_op.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // ResNet-18's 20 convs carry 1,814,073,344 - 512,000 (fc) = 1,813,561,344 MACs.
  BOOST_TEST(
      contains(r.out, "\n| conv            | 20    | 1.814G   | 3.627G   | 63.33MB  | 100.0% |\n"),
      r.out);
  const auto ops = dir.write("o.yaml", "model: '" + kModel + "'\nview: ops\n");
  r = run_graphstat("--config '" + ops.string() + "' --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // conv1: 64·112·112 outputs x 3·7·7 = 118,013,952 MACs.
  BOOST_TEST(contains(r.out,
                      "\n0,/conv1/Conv,conv1,conv,Conv,\"(1, 3, 224, 224) (64, 3, 7, 7)\","
                      "\"(1, 64, 112, 112)\",118013952,236027904,3851008,602112,3211264,"
                      "37632,true,true\n"),
             r.out);
}

BOOST_AUTO_TEST_CASE(bad_words_are_one_line_with_the_line_number) {
  TempDir dir;
  const auto line = [&](const std::string& yaml, const std::string& problem) {
    const auto config = dir.write("c.yaml", "model: m.onnx\n" + yaml);
    const auto r = run_graphstat("--config '" + config.string() + "'");
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.err == "graphstat: error: " + config.string() + ":" + problem + "\n");
  };
  line("view: sideways\n", "2: 'view' must be modules, by_op or ops, not 'sideways'");
  line("only: conv\n", "2: 'only' must be a list");
  line("columns: [params, 3]\n",
       "2: 'columns': unknown column '3' (known: params, trainable, frozen, macs, flops, memory, "
       "peak, input, output, "
       "weights, intensity, ops, calls, input_shapes, output_shapes, time, bound; add % for a "
       "share of the model's total)");
}
