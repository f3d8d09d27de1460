#define BOOST_TEST_MODULE partial_report
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// End-to-end: a model whose shapes depend on data still gets a report. tests/data/
// partial_detector.json is a detector in miniature: a backbone linear on x [N, 4] (N, a dynamic
// batch, defaults to 1), then a NonZero whose count `num_hits` depends on the data, a gather of the
// hits and a classifier on them. By hand, with N = 1:
//   backbone.fc: MACs 1·8·4 = 32; FLOPs 2·32 + 8 (bias) = 72;
//                memory x 16 + W 128 + b 32 + out 32 = 208 bytes.
//   head.non_zero: reads features (32 bytes); its output [num_hits, 2] is unknown.
//   head.gather:   reads features (32 bytes) and the unknown hits.
//   head.cls:      reads W 3·8·4 = 96 and b 12 bytes; its input and output are unknown.
// Parameters are exact in any case: 8·4 + 8 + 3·8 + 3 = 67.

using graphstat::test::contains;
using graphstat::test::report_total;
using graphstat::test::run_graphstat;

namespace {

const std::string kModel = "'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/partial_detector.json'";

}  // namespace

BOOST_AUTO_TEST_CASE(static_part_is_exact_and_the_rest_is_marked_and_listed) {
  const auto r = run_graphstat(kModel + " --sort order");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // The exact part: backbone.fc's figures, unmarked.
  BOOST_TEST(contains(r.out, "|  backbone.fc         | 40          | 32   | 208B   |"), r.out);
  // Rows holding unresolved ops are lower bounds: head = 32 + 32 + 108 bytes read.
  BOOST_TEST(contains(r.out, "| model                | 67          | ≥ 32 | ≥ 380B |"), r.out);
  BOOST_TEST(contains(r.out, "| head                 | 27          | ≥ 0  | ≥ 172B |"), r.out);
  BOOST_TEST(contains(r.out, "|  head.cls            | 27          | ≥ 0  | ≥ 108B |"), r.out);
  BOOST_TEST(contains(r.out, "Total parameters: 67 (67)\n"), r.out);
  BOOST_TEST(contains(r.out, "Total MACs: ≥ 32 (32)\n"), r.out);
  BOOST_TEST(contains(r.out, "Total memory: ≥ 380B (380 bytes)\n"), r.out);
  BOOST_TEST(!contains(r.out, "Arithmetic intensity"), r.out);
  BOOST_TEST(contains(r.out, "Dims: N=1 (default)\n"), r.out);
  BOOST_TEST(contains(r.out, "Note: input 'x' has the dynamic dim 'N'; it is taken as 1"), r.out);
  BOOST_TEST(contains(r.out, "lower bounds; bind the dims with --dim NAME=VALUE): 3\n"), r.out);
  BOOST_TEST(contains(r.out, "- head/non_zero (NonZero) in head: waits on num_hits\n"), r.out);
  BOOST_TEST(contains(r.out, "- head/gather (GatherND) in head: waits on num_hits\n"), r.out);
  BOOST_TEST(contains(r.out, "- head.cls/linear (Gemm) in head.cls: waits on num_hits\n"), r.out);
}

BOOST_AUTO_TEST_CASE(json_marks_lower_bounds_and_lists_what_waits) {
  const auto r = run_graphstat(kModel + " --format json");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["totals"]["lower_bound"].get<bool>());
  BOOST_TEST(doc["totals"]["macs"].get<std::uint64_t>() == 32u);
  BOOST_TEST(doc["totals"]["flops"].get<std::uint64_t>() == 72u);
  BOOST_TEST(doc["totals"]["memory_bytes"].get<std::uint64_t>() == 380u);
  BOOST_TEST(doc["modules"]["unresolved_ops"].get<std::uint64_t>() == 3u);
  BOOST_TEST_REQUIRE(doc["unresolved_ops"].size() == 3u);
  BOOST_TEST(doc["unresolved_ops"][2]["name"].get<std::string>() == "head.cls/linear");
  BOOST_TEST(doc["unresolved_ops"][2]["waits_on"][0].get<std::string>() == "num_hits");
  BOOST_TEST(doc["bindings"][0]["name"].get<std::string>() == "N");
  BOOST_TEST(doc["bindings"][0]["defaulted"].get<bool>());
  // backbone is exact; head is not.
  for (const auto& child : doc["modules"]["children"]) {
    BOOST_TEST(child["lower_bound"].get<bool>() == (child["name"] == "head"),
               child["name"].get<std::string>());
  }
}

// With num_hits = 5 bound, every op is priced:
//   non_zero: hits [5, 2] int64 = 80 bytes out;   gather: selected [5, 8] = 160 bytes out;
//   head.cls: MACs 5·3·8 = 120, FLOPs 2·120 + 15 = 255; memory 160 + 108 + 60 = 328.
//   MACs 32 + 120 = 152; memory 208 + (32 + 80) + (32 + 80 + 160) + 328 = 920.
BOOST_AUTO_TEST_CASE(binding_the_dims_completes_the_report) {
  const auto r = run_graphstat(kModel + " --dim num_hits=5 --dim N=1 --format json");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(!doc["totals"]["lower_bound"].get<bool>());
  BOOST_TEST(doc["unresolved_ops"].empty());
  BOOST_TEST(doc["totals"]["macs"].get<std::uint64_t>() == 152u);
  BOOST_TEST(doc["totals"]["memory_bytes"].get<std::uint64_t>() == 920u);
  BOOST_TEST(doc["notes"].empty());
  // Both bindings were given, none defaulted.
  BOOST_TEST_REQUIRE(doc["bindings"].size() == 2u);
  for (const auto& b : doc["bindings"]) BOOST_TEST(!b["defaulted"].get<bool>());
  // A batch of 3 triples the backbone: 3·32 + 120 MACs.
  const auto batch = run_graphstat(kModel + " --dim num_hits=5 --dim N=3");
  BOOST_TEST_REQUIRE(batch.exit_code == 0, batch.err);
  BOOST_TEST(report_total(batch.out, "MACs") == 3 * 32 + 120u);
  BOOST_TEST(contains(batch.out, "Dims: N=3, num_hits=5\n"), batch.out);
}

BOOST_AUTO_TEST_CASE(strict_refuses_an_unresolved_op) {
  const auto r = run_graphstat(kModel + " --strict");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(contains(r.err, "'head/non_zero' (NonZero) waits on the unbound dims num_hits"),
             r.err);
  BOOST_TEST(run_graphstat(kModel + " --strict --dim num_hits=2").exit_code == 0);
}

BOOST_AUTO_TEST_CASE(dims_come_from_a_config_and_bad_bindings_are_refused) {
  graphstat::test::TempDir dir;
  const auto config =
      dir.write("partial.yaml", "model: " + std::string(GRAPHSTAT_TEST_DATA_DIR) +
                                    "/partial_detector.json\ndims:\n  num_hits: 5\n");
  const auto r = run_graphstat("--config '" + config.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(report_total(r.out, "MACs") == 152u);
  // The command line overrides the config's value.
  const auto over = run_graphstat("--config '" + config.string() + "' --dim num_hits=1");
  BOOST_TEST(report_total(over.out, "MACs") == 32 + 24u);
  for (const std::string bad : {"num_hits", "=3", "num_hits=-1", "num_hits=x"}) {
    const auto e = run_graphstat(kModel + " --dim " + bad);
    BOOST_TEST(e.exit_code == 1, bad);
    BOOST_TEST(contains(e.err, "must be NAME=VALUE"), e.err);
  }
  const auto bad = dir.write("partial.yaml", "model: m.json\ndims: [1, 2]\n");
  const auto bad_yaml = run_graphstat("--config '" + bad.string() + "'");
  BOOST_TEST(bad_yaml.exit_code == 1);
  BOOST_TEST(contains(bad_yaml.err, "partial.yaml:2: 'dims' must be a mapping"), bad_yaml.err);
}

BOOST_AUTO_TEST_CASE(convert_keeps_symbolic_dims_and_bindings) {
  graphstat::test::TempDir dir;
  const auto graph = dir.path() / "again.json";
  const auto c = run_graphstat("convert " + kModel + " -o '" + graph.string() + "'");
  BOOST_TEST_REQUIRE(c.exit_code == 0, c.err);
  const auto text = graphstat::test::read_file(graph);
  BOOST_TEST(contains(text, "\"shape\":[\"num_hits\",8]"), text);
  const auto direct = run_graphstat(kModel);
  const auto again = run_graphstat("'" + graph.string() + "'");
  BOOST_TEST_REQUIRE(again.exit_code == 0, again.err);
  BOOST_TEST(again.out == direct.out);
}
