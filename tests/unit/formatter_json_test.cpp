#define BOOST_TEST_MODULE formatter_json
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "json_formatter.hpp"
#include "sample_report.hpp"

using graphstat::Metric;
using graphstat::Report;
using graphstat::RowKind;
using graphstat::formatters::JsonFormatter;
using graphstat::testing::make_param;
using graphstat::testing::make_row;
using graphstat::testing::sample_report;

namespace {

std::string render(const Report& report) {
  std::ostringstream out;
  JsonFormatter().render(report, out);
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(renders_documented_schema_exactly) {
  Report report;
  report.model = "tiny";
  report.source = "tiny.json";
  report.frontend = "json";
  report.metric = Metric::flops;
  report.root = make_row("model", RowKind::model, 0, {3, 6, 12, 40, 20, 12, 1});
  report.root.children.push_back(make_row("fc", RowKind::module, 1, {3, 6, 12, 40, 20, 12, 1}));
  report.root.children[0].param_rows.push_back(make_param("fc.weight", {3}));
  report.root.calls = 1;
  report.root.children[0].calls = 1;
  // fc's input and output alive at once: 40 + 20 bytes.
  report.root.peak_live_bytes = 60;
  report.root.children[0].peak_live_bytes = 60;
  const std::string expected = R"({
  "schema_version": 1,
  "model": "tiny",
  "source": "tiny.json",
  "frontend": "json",
  "metric": "flops",
  "totals": {
    "params": 3,
    "macs": 6,
    "flops": 12,
    "memory_bytes": 72,
    "input_bytes": 40,
    "output_bytes": 20,
    "weight_bytes": 12,
    "peak_activation_bytes": 60,
    "arithmetic_intensity": 0.16666666666666666,
    "lower_bound": false
  },
  "unsupported_ops": {},
  "unresolved_ops": [],
  "bindings": [],
  "notes": [],
  "filter": null,
  "modules": {
    "name": "model",
    "kind": "model",
    "depth": 0,
    "params": 3,
    "macs": 6,
    "flops": 12,
    "memory_bytes": 72,
    "input_bytes": 40,
    "output_bytes": 20,
    "weight_bytes": 12,
    "peak_activation_bytes": 60,
    "op_count": 1,
    "calls": 1,
    "trainable_params": 3,
    "frozen_params": 0,
    "unresolved_ops": 0,
    "lower_bound": false,
    "parameters": [],
    "children": [
      {
        "name": "fc",
        "kind": "module",
        "depth": 1,
        "params": 3,
        "macs": 6,
        "flops": 12,
        "memory_bytes": 72,
        "input_bytes": 40,
        "output_bytes": 20,
        "weight_bytes": 12,
        "peak_activation_bytes": 60,
        "op_count": 1,
        "calls": 1,
        "trainable_params": 3,
        "frozen_params": 0,
        "unresolved_ops": 0,
        "lower_bound": false,
        "parameters": [
          {
            "name": "fc.weight",
            "shape": [
              3
            ],
            "numel": 3
          }
        ],
        "children": []
      }
    ]
  }
}
)";
  BOOST_TEST(render(report) == expected);
}

BOOST_AUTO_TEST_CASE(totals_and_unsupported_ops_parse_back) {
  const auto doc = nlohmann::json::parse(render(sample_report()));
  BOOST_TEST(doc["schema_version"].get<int>() == 1);
  BOOST_TEST(doc["metric"].get<std::string>() == "macs");
  const auto& totals = doc["totals"];
  BOOST_TEST(totals["params"].get<std::uint64_t>() == 46400u);
  BOOST_TEST(totals["macs"].get<std::uint64_t>() == 233619456u);
  BOOST_TEST(totals["flops"].get<std::uint64_t>() == 468443136u);
  BOOST_TEST(totals["memory_bytes"].get<std::uint64_t>() == 9619200u);
  BOOST_TEST(totals["input_bytes"].get<std::uint64_t>() == 3813376u);
  BOOST_TEST(totals["output_bytes"].get<std::uint64_t>() == 5619712u);
  BOOST_TEST(totals["weight_bytes"].get<std::uint64_t>() == 186112u);
  BOOST_TEST(totals["arithmetic_intensity"].get<double>() == 468443136.0 / 9619200.0);
  BOOST_TEST(doc["unsupported_ops"] == (nlohmann::json{{"MaxPool", 1}, {"Resize", 2}}));
}

BOOST_AUTO_TEST_CASE(tree_keeps_kinds_order_and_parameters) {
  const auto doc = nlohmann::json::parse(render(sample_report()));
  const auto& block = doc["modules"]["children"][1]["children"][0];
  BOOST_TEST(block["name"].get<std::string>() == "layer1.0");
  BOOST_TEST(block["depth"].get<int>() == 2);
  BOOST_TEST(block["op_count"].get<std::uint64_t>() == 3u);
  const auto& children = block["children"];
  BOOST_TEST(children.size() == 3u);
  BOOST_TEST(children[2]["name"].get<std::string>() == "layer1.0.add");
  BOOST_TEST(children[2]["kind"].get<std::string>() == "op");
  const auto& bias = children[1]["parameters"][1];
  BOOST_TEST(bias["name"].get<std::string>() == "layer1.0.bn1.bias");
  BOOST_TEST(bias["shape"] == nlohmann::json::array({64}));
  BOOST_TEST(bias["numel"].get<std::uint64_t>() == 64u);
}

BOOST_AUTO_TEST_CASE(counts_beyond_double_precision_stay_exact) {
  Report report = sample_report();
  constexpr std::uint64_t kHuge = std::numeric_limits<std::uint64_t>::max() - 1;
  report.root.macs = kHuge;
  const std::string out = render(report);
  BOOST_TEST(out.find("\"macs\": 18446744073709551614,") != std::string::npos);
  BOOST_TEST(nlohmann::json::parse(out)["totals"]["macs"].get<std::uint64_t>() == kHuge);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_names_does_not_abort) {
  Report report = sample_report();
  report.root.children[0].name = "conv\xff";
  const auto doc = nlohmann::json::parse(render(report));
  BOOST_TEST(doc["modules"]["children"][0]["name"].get<std::string>() == "conv\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(selected_by_json_extension) {
  const std::vector<std::string> expected{".json"};
  BOOST_TEST(JsonFormatter().extensions() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(chosen_columns_are_listed_and_shapes_come_with_them) {
  Report report = sample_report();
  report.columns = {{graphstat::ColumnKey::macs, true}, {graphstat::ColumnKey::input_shapes}};
  report.root.input_shapes = {"(1, 3, 224, 224)"};
  const auto j = nlohmann::json::parse(render(report));
  BOOST_TEST(j["columns"] == nlohmann::json::parse(R"(["macs%", "input_shapes"])"));
  BOOST_TEST(j["modules"]["input_shapes"] == nlohmann::json::array({"(1, 3, 224, 224)"}));
  BOOST_TEST(j["modules"]["output_shapes"] == nlohmann::json::array());
  // Without a shapes column, no shapes (they are not computed) and no column list.
  report.columns.clear();
  const auto plain = nlohmann::json::parse(render(report));
  BOOST_TEST(!plain.contains("columns"));
  BOOST_TEST(!plain["modules"].contains("input_shapes"));
}
