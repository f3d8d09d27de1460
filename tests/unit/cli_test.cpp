#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// End-to-end: the graphstat executable on the shipped zoo and on bad input.

using graphstat::test::contains;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kSource = GRAPHSTAT_SOURCE_DIR;
const std::string kData = GRAPHSTAT_TEST_DATA_DIR;
const std::string kTestPlugins = GRAPHSTAT_TEST_PLUGIN_DIR;

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The markdown row of a module, e.g. "| conv1 | 9.408K | 118.014M | 3.85MB |", squeezed of padding.
std::string row(const std::string& table, const std::string& name) {
  std::istringstream in(table);
  std::string line;
  while (std::getline(in, line)) {
    std::string squeezed;
    bool space = false;
    for (char c : line) {
      if (c == ' ') {
        space = true;
        continue;
      }
      if (space && !squeezed.empty() && squeezed.back() != '|' && c != '|') squeezed += ' ';
      space = false;
      squeezed += c;
    }
    if (squeezed.rfind("|" + name + "|", 0) == 0) return squeezed;
  }
  return "(no row " + name + ")";
}

}  // namespace

BOOST_AUTO_TEST_CASE(resnet18_prints_the_seed_figures) {
  const auto r = run_graphstat("--config '" + kSource + "/configs/resnet18.yaml'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.err.empty(), r.err);
  BOOST_TEST(contains(r.out, "| Module "));
  BOOST_TEST(contains(r.out, "| #Parameters "));
  BOOST_TEST(contains(r.out, "| MACs "));
  BOOST_TEST(contains(r.out, "| Memory "));
  BOOST_TEST(row(r.out, "model") == "|model|11.690M|1.814G|116.95MB|");
  BOOST_TEST(row(r.out, "conv1") == "|conv1|9.408K|118.014M|3.85MB|");
  BOOST_TEST(row(r.out, "layer2") == "|layer2|525.568K|411.042M|16.56MB|");
  BOOST_TEST(row(r.out, "fc") == "|fc|513.000K|512.000K|2.06MB|");
  // The block now holds its residual add and its relu's second call.
  BOOST_TEST(row(r.out, "layer1.0") == "|layer1.0|73.984K|231.211M|12.34MB|");
  BOOST_TEST(row(r.out, "layer1.0.add") == "|layer1.0.add|||2.41MB|");
  BOOST_TEST(row(r.out, "layer1.0.conv1.weight") == "|layer1.0.conv1.weight|(64, 64, 3, 3)|||");
  BOOST_TEST(row(r.out, "layer1.0.bn1") == "|layer1.0.bn1|128||1.61MB|");
  BOOST_TEST(contains(r.out, "|    layer1.0.conv1.weight "));  // Depth 4: three extra spaces.
  BOOST_TEST(contains(r.out, "Total memory: 116.95MB (116,954,688 bytes)"));
  BOOST_TEST(contains(r.out, "Unsupported operators: none"));
}

BOOST_AUTO_TEST_CASE(flops_follow_the_seed_footnote) {
  const auto r = run_graphstat("--config '" + kSource + "/configs/resnet18.yaml' --flops");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "| FLOPs "));
  // 2 x 1,814,073,344 MACs + fc bias 1,000 + batch norm 5/element + relu and add 1/element
  // + average pool 25,088.
  BOOST_TEST(row(r.out, "model") == "|model|11.690M|3.644G|116.95MB|");
  BOOST_TEST(contains(r.out, "Total FLOPs: 3.644G (3,643,652,072)"));
}

BOOST_AUTO_TEST_CASE(json_output_gives_the_same_totals) {
  TempDir dir;
  const auto out = dir.path() / "r18.json";
  const auto r = run_graphstat("--model resnet18 -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.empty());  // The report went to the file.
  const auto json = nlohmann::json::parse(read_file(out));
  BOOST_TEST(json["totals"]["params"].get<std::uint64_t>() == 11689512u);
  BOOST_TEST(json["totals"]["macs"].get<std::uint64_t>() == 1814073344u);
  BOOST_TEST(json["totals"]["flops"].get<std::uint64_t>() == 3643652072u);
  BOOST_TEST(json["totals"]["memory_bytes"].get<std::uint64_t>() == 116954688u);
  BOOST_TEST(json["unsupported_ops"].empty());
  BOOST_TEST(json["model"].get<std::string>() == "resnet18");
  const auto stdout_json = run_graphstat("--model resnet18 --format json");
  BOOST_TEST(nlohmann::json::parse(stdout_json.out)["totals"] == json["totals"]);
}

BOOST_AUTO_TEST_CASE(the_whole_zoo_matches_the_reference_figures) {
  struct Expected {
    const char* model;
    std::uint64_t params, macs;
  };
  for (const auto& e :
       {Expected{"resnet18", 11689512, 1814073344}, Expected{"resnet50", 25557032, 4089184256},
        Expected{"mobilenet_v2", 3504872, 300774272},
        Expected{"vit_b_16", 86567656, 17563828224}}) {
    const auto r = run_graphstat(std::string("--model ") + e.model + " --format json --strict");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto json = nlohmann::json::parse(r.out);
    BOOST_TEST(json["totals"]["params"].get<std::uint64_t>() == e.params, e.model);
    BOOST_TEST(json["totals"]["macs"].get<std::uint64_t>() == e.macs, e.model);
  }
}

BOOST_AUTO_TEST_CASE(tiny_model_hand_figures) {
  // tests/data/tiny_cnn.json: stem conv 3->4 (3x3, pad 1, bias), a residual block (conv, bn, relu,
  // add, relu), global average pool, flatten, fc 4->10, on a 1x3x8x8 input.
  const auto r = run_graphstat("'" + kData + "/tiny_cnn.json' --format json --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto totals = nlohmann::json::parse(r.out)["totals"];
  BOOST_TEST(totals["params"].get<std::uint64_t>() == 318u);   // 112 + 148 + 8 + 50
  BOOST_TEST(totals["macs"].get<std::uint64_t>() == 16168u);   // 6912 + 9216 + 40
  BOOST_TEST(totals["flops"].get<std::uint64_t>() == 35162u);  // 14080 + 18688 + 1280 + 1024 + 90
  BOOST_TEST(totals["memory_bytes"].get<std::uint64_t>() == 15488u);
}

BOOST_AUTO_TEST_CASE(max_depth_and_sort) {
  const auto r = run_graphstat("--model resnet18 --max-depth 1 --sort macs");
  BOOST_TEST(r.exit_code == 0, r.err);
  // model + 12 top-level rows + header + separator, then the footer.
  BOOST_TEST(contains(r.out, "| layer1 "));
  BOOST_TEST(!contains(r.out, "layer1.0"));
  BOOST_TEST(r.out.find("| layer1 ") < r.out.find("| conv1 "));  // 462M MACs before 118M.
}

BOOST_AUTO_TEST_CASE(missing_and_corrupt_files_fail_cleanly) {
  TempDir dir;
  auto r = run_graphstat("'" + dir.path().string() + "/nope.json'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + dir.path().string() + "/nope.json: no such file\n");
  BOOST_TEST(r.out.empty());

  const auto corrupt =
      dir.write("corrupt.json", "{\"format\": \"graphstat-graph\", \"version\": 1, \"tens");
  r = run_graphstat("'" + corrupt.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(lines(r.err) == 1u, r.err);
  BOOST_TEST(contains(r.err, "corrupt.json: not valid JSON"), r.err);

  const auto unknown = dir.write("model.xyz", "hello");
  r = run_graphstat("'" + unknown.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "model.xyz: no frontend reads this kind of file"), r.err);
}

BOOST_AUTO_TEST_CASE(bad_config_names_file_and_line) {
  TempDir dir;
  const auto config = dir.write("bad.yaml", "model: m.json\nmax_depth: [1]\n");
  const auto r = run_graphstat("--config '" + config.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + config.string() +
                          ":2: 'max_depth' must be an integer, not 'a collection'\n");
}

BOOST_AUTO_TEST_CASE(wrong_shape_is_an_error) {
  const auto r = run_graphstat("--model resnet18 --input-shape input=1x3x112x112");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "input 'input' has the fixed shape 1x3x224x224"), r.err);
}

BOOST_AUTO_TEST_CASE(a_failed_run_leaves_no_output_file) {
  TempDir dir;
  const auto out = dir.path() / "report.md";
  // The model is fine, the strictness is not: the unknown op fails the run after the model loaded.
  const auto model = dir.write("odd.json", R"({"format": "graphstat-graph", "version": 1,
    "inputs": ["x"], "tensors": [{"name": "x", "shape": [2]}, {"name": "y", "shape": [2]}],
    "nodes": [{"name": "n", "op": "warp_drive", "inputs": ["x"], "outputs": ["y"]}]})");
  auto r = run_graphstat("'" + model.string() + "' --strict -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(
      contains(r.err, "op 'n' (warp_drive, canonical 'warp_drive') is priced by no cost model"));
  BOOST_TEST(!std::filesystem::exists(out));
  BOOST_TEST(std::distance(std::filesystem::directory_iterator(dir.path()),
                           std::filesystem::directory_iterator()) == 1);  // No temp file left.

  // Without --strict the op is listed, not dropped, and its memory counts.
  r = run_graphstat("'" + model.string() + "' -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  const auto report = read_file(out);
  BOOST_TEST(contains(report, "- warp_drive: 1"), report);
  BOOST_TEST(contains(report, "Total memory: 16B"), report);
}

BOOST_AUTO_TEST_CASE(output_format_follows_the_extension) {
  TempDir dir;
  const auto out = dir.path() / "r18.csv";
  const auto r = run_graphstat("--model resnet18 -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(read_file(out).rfind("module,kind,depth,parent,params", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(plugins_of_another_abi_are_refused) {
  const auto plugin = kTestPlugins + "/libtest_plugin_wrong_abi.so";
  auto r = run_graphstat("--model resnet18 --plugin '" + plugin + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: plugin " + plugin +
                          ": built for plugin ABI version 5, this graphstat needs version 4\n");
  // Through GRAPHSTAT_PLUGIN_PATH, set once for every run, it is skipped with a warning.
  r = run_graphstat("--model resnet18", "GRAPHSTAT_PLUGIN_PATH='" + plugin + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.err, "graphstat: warning: GRAPHSTAT_PLUGIN_PATH entry skipped: plugin " +
                                 plugin + ": built for plugin ABI version 5"),
             r.err);
}

BOOST_AUTO_TEST_CASE(a_third_party_plugin_overrides_a_cost) {
  const auto plugin = kTestPlugins + "/libtest_plugin_override_conv.so";
  const auto r = run_graphstat("--model resnet18 --format json --plugin '" + plugin + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  // The override counts one MAC per conv output element; fc's 512,000 is untouched.
  const auto macs = nlohmann::json::parse(r.out)["totals"]["macs"].get<std::uint64_t>();
  BOOST_TEST(macs != 1814073344u);
  BOOST_TEST(macs > 512000u);
}

BOOST_AUTO_TEST_CASE(list_plugins_version_and_help) {
  auto r = run_graphstat("--list-plugins");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "ops: conv conv_transpose"));
  BOOST_TEST(contains(r.out, "extensions: .json"));
  r = run_graphstat("--version");
  BOOST_TEST(contains(r.out, "graphstat 0.1.0 (plugin ABI 4"));
  r = run_graphstat("--help");
  BOOST_TEST(contains(r.out, "--input-shape"));
  r = run_graphstat("--no-such-flag");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(lines(r.err) == 1u);
}

BOOST_AUTO_TEST_CASE(list_plugins_includes_the_configs_plugins) {
  TempDir dir;
  const auto config =
      dir.write("with-plugin.yaml", "model: " + kSource + "/models/resnet18.json\n" + "plugins: [" +
                                        kTestPlugins + "/libtest_plugin_override_conv.so]\n");
  const auto r = run_graphstat("--list-plugins --config '" + config.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "override-conv"), r.out);
  BOOST_TEST(!contains(run_graphstat("--list-plugins").out, "override-conv"));
}

BOOST_AUTO_TEST_CASE(convert_round_trips_to_the_same_table) {
  TempDir dir;
  const auto graph = dir.path() / "r18.json";
  auto r = run_graphstat("convert --model resnet18 -o '" + graph.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto original = run_graphstat("--model resnet18 --flops");
  const auto converted = run_graphstat("'" + graph.string() + "' --flops");
  BOOST_TEST(converted.exit_code == 0, converted.err);
  BOOST_TEST(converted.out == original.out);
  r = run_graphstat("convert");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "no model given"));
}
