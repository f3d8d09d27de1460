#define BOOST_TEST_MODULE cli_options
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// The flags and plugin routes the rest of the CLI suite leaves out, end to end through the real
// executable: a GRAPHSTAT_PLUGIN_PATH with several entries, the override order of the three plugin
// routes, --frontend, --sort by every key, and a config's numeric range checks.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kSource = GRAPHSTAT_SOURCE_DIR;
const std::string kTestPlugins = GRAPHSTAT_TEST_PLUGIN_DIR;
const std::string kOne = kTestPlugins + "/libtest_plugin_override_conv.so";  // 1 MAC per output
const std::string kTwo = kTestPlugins + "/libtest_plugin_scaled_conv_2.so";  // 2 MACs per output
const std::string kThree = kTestPlugins + "/libtest_plugin_scaled_conv_3.so";

// One conv: x (1, 3, 8, 8) -> y (1, 4, 8, 8), 3x3 kernel, pad 1. Built-in formula:
// numel(Y) 4*8*8 = 256 times C_in*kH*kW 3*9 = 27 gives 6,912 MACs. The overrides give 256 times
// their scale: 256, 512, 768.
const std::string kOneConv = R"({"format":"graphstat-graph","version":1,"model":"one_conv",
"inputs":["x"],"outputs":["y"],
"tensors":[{"name":"x","shape":[1,3,8,8]},{"name":"w","shape":[4,3,3,3],"role":"parameter"},
{"name":"y","shape":[1,4,8,8]}],
"nodes":[{"name":"conv","op":"conv","module":"conv","inputs":["x","w"],"outputs":["y"],
"attrs":{"strides":[1,1],"pads":[1,1,1,1],"dilations":[1,1],"group":1,"kernel_shape":[3,3]}}]}
)";

// Every run is bounded: a plugin-path parser that loops forever fails the test (exit 124) in
// 30 s instead of hanging the suite until CTest's timeout.
std::uint64_t total_macs(const std::string& args, const std::string& env = "") {
  const auto r = run_graphstat(args + " --format json", env + " timeout 30");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  return nlohmann::json::parse(r.out)["totals"]["macs"].get<std::uint64_t>();
}

std::string path_env(const std::string& value) { return "GRAPHSTAT_PLUGIN_PATH='" + value + "'"; }

// The names of the CSV rows at depth 1, in the order printed.
std::vector<std::string> depth_one_rows(const std::string& csv) {
  std::vector<std::string> names;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    if (line.compare(comma, 10, ",module,1,") == 0 || line.compare(comma, 6, ",op,1,") == 0)
      names.push_back(line.substr(0, comma));
  }
  return names;
}

std::ptrdiff_t position(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  BOOST_TEST_REQUIRE((it != names.end()), "no row " + name);
  return it - names.begin();
}

}  // namespace

BOOST_AUTO_TEST_CASE(plugin_path_with_two_entries_loads_both_later_wins) {
  TempDir dir;
  const auto model = dir.write("one_conv.json", kOneConv).string();
  BOOST_TEST(total_macs("'" + model + "'") == 6912u);
  BOOST_TEST(total_macs("'" + model + "'", path_env(kTwo)) == 512u);
  // Two entries: both load, the later one overrides the earlier.
  BOOST_TEST(total_macs("'" + model + "'", path_env(kThree + ":" + kTwo)) == 512u);
  BOOST_TEST(total_macs("'" + model + "'", path_env(kTwo + ":" + kThree)) == 768u);
  // Empty entries (a leading, doubled or trailing colon) are skipped, not read as "".
  BOOST_TEST(total_macs("'" + model + "'", path_env(":" + kTwo + "::" + kThree + ":")) == 768u);
  // Three entries, the first one bad: a warning, the other two still load.
  const auto r =
      run_graphstat("'" + model + "' --format json",
                    path_env("/no/such/plugin.so:" + kThree + ":" + kTwo) + " timeout 30");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.err, "GRAPHSTAT_PLUGIN_PATH entry skipped: "), r.err);
  BOOST_TEST(nlohmann::json::parse(r.out)["totals"]["macs"].get<std::uint64_t>() == 512u);
}

BOOST_AUTO_TEST_CASE(override_order_is_path_then_config_then_flag) {
  TempDir dir;
  const auto model = dir.write("one_conv.json", kOneConv).string();
  const auto config =
      dir.write("c.yaml", "model: one_conv.json\nplugins: ['" + kThree + "']\n").string();
  const auto with_config = "--config '" + config + "'";
  BOOST_TEST(total_macs(with_config) == 768u);                  // config alone
  BOOST_TEST(total_macs(with_config, path_env(kTwo)) == 768u);  // config over the path
  BOOST_TEST(total_macs(with_config + " --plugin '" + kOne + "'", path_env(kTwo)) == 256u);
  BOOST_TEST(total_macs(with_config + " --plugin '" + kTwo + "'") == 512u);  // flag over config
  BOOST_TEST(total_macs("'" + model + "' --plugin '" + kTwo + "'", path_env(kThree)) == 512u);
  // Several --plugin flags: the last one wins.
  BOOST_TEST(total_macs("'" + model + "' -p '" + kThree + "' -p '" + kOne + "'") == 256u);
}

BOOST_AUTO_TEST_CASE(frontend_flag_overrides_the_extension) {
  TempDir dir;
  // A JSON graph under an .onnx name: by extension the ONNX frontend reads it and fails.
  const auto model = dir.write("graph.onnx", kOneConv).string();
  auto r = run_graphstat("'" + model + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "graph.onnx"), r.err);
  BOOST_TEST(total_macs("'" + model + "' --frontend json") == 6912u);
  // The config key does the same, and the flag overrides the config.
  const auto config = dir.write("c.yaml", "model: graph.onnx\nfrontend: json\n").string();
  BOOST_TEST(total_macs("--config '" + config + "'") == 6912u);
  r = run_graphstat("--config '" + config + "' --frontend onnx");
  BOOST_TEST(r.exit_code == 1);
  r = run_graphstat("'" + model + "' --frontend nosuch");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: no frontend named 'nosuch' is loaded\n");
}

BOOST_AUTO_TEST_CASE(sort_by_every_key_end_to_end) {
  // ResNet-18's depth-1 rows. MACs: fc 512,000 and bn1 0, so by MACs fc comes first. FLOPs: bn1
  // 5 per element * 64*112*112 = 4,014,080 and fc 2*512,000 + 1,000 = 1,025,000, so by FLOPs
  // bn1 comes first. Params: layer4 8,393,728 > layer3 2,099,712 > fc 513,000 > bn1 128.
  // Memory: layer1 (4 blocks' traffic at 56x56x64) > avgpool (reads 512*7*7 floats).
  auto rows = [](const std::string& key) {
    const auto r = run_graphstat("--model resnet18 --max-depth 1 --format csv --sort " + key);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    return depth_one_rows(r.out);
  };
  const auto by_macs = rows("macs");
  BOOST_TEST(position(by_macs, "fc") < position(by_macs, "bn1"));
  const auto by_flops = rows("flops");
  BOOST_TEST(position(by_flops, "bn1") < position(by_flops, "fc"));
  const auto by_params = rows("params");
  BOOST_TEST(by_params.at(0) == "layer4");
  BOOST_TEST(by_params.at(1) == "layer3");
  BOOST_TEST(position(by_params, "fc") < position(by_params, "bn1"));
  const auto by_memory = rows("memory");
  BOOST_TEST(position(by_memory, "layer1") < position(by_memory, "avgpool"));
  const auto by_order = rows("order");
  // torch.flatten in ResNet.forward is a functional op of the model itself: an op row.
  const std::vector<std::string> execution{"conv1",   "bn1",     "relu",   "maxpool",
                                           "layer1",  "layer2",  "layer3", "layer4",
                                           "avgpool", "flatten", "fc"};
  BOOST_TEST(by_order == execution, boost::test_tools::per_element());
  const auto by_name = rows("name");
  const std::vector<std::string> natural{"avgpool", "bn1",     "conv1",  "fc",
                                         "flatten", "layer1",  "layer2", "layer3",
                                         "layer4",  "maxpool", "relu"};
  BOOST_TEST(by_name == natural, boost::test_tools::per_element());
  const auto r = run_graphstat("--model resnet18 --sort size");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "--sort 'size': must be one of name, order, params, macs, flops"));
}

BOOST_AUTO_TEST_CASE(config_numeric_ranges_are_checked) {
  TempDir dir;
  dir.write("one_conv.json", kOneConv);
  auto run_config = [&](const std::string& body) {
    const auto config = dir.write("c.yaml", "model: one_conv.json\n" + body);
    return run_graphstat("--config '" + config.string() + "'");
  };
  auto r = run_config("max_depth: -1\n");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "c.yaml:2: 'max_depth' must be between 0 and 1000"), r.err);
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  r = run_config("max_depth: 1001\n");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "c.yaml:2: 'max_depth' must be between 0 and 1000"), r.err);
  BOOST_TEST(run_config("max_depth: 1000\n").exit_code == 0);  // The bounds themselves are fine.
  BOOST_TEST(run_config("max_depth: 0\n").exit_code == 0);
  r = run_config("max_depth: deep\n");
  BOOST_TEST(contains(r.err, "c.yaml:2: 'max_depth' must be an integer, not 'deep'"), r.err);
  r = run_config("dims: {N: -2}\n");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "c.yaml:2: dim 'N' must not be negative"), r.err);
  r = run_config("inputs: [{shape: [1, -3, 8, 8]}]\n");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "c.yaml:2: dimensions must not be negative"), r.err);
  r = run_graphstat("--model resnet18 --max-depth -1");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: --max-depth must not be negative\n");
}
