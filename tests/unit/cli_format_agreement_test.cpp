#define BOOST_TEST_MODULE cli_format_agreement
#include <fmt/format.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "graphstat/units.hpp"
#include "run_graphstat.hpp"

// One run in three formats: every CSV value is the JSON value exactly, and the markdown cell is
// that value as the table formats it (graphstat's own units), for every column of every row.

using graphstat::test::run_graphstat;

namespace {

const std::string kArgs =
    "--model resnet18 --hardware a100 --columns params,macs,flops,memory,input,output,weights,"
    "intensity,ops,calls,input_shapes,output_shapes,time,bound,macs%,time%";

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

// Rows of the markdown table by name: its cells after the name.
std::map<std::string, std::vector<std::string>> markdown_rows(const std::string& text) {
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  int index = 0;
  while (std::getline(in, line) && line.starts_with("|")) {
    if (index++ < 2) continue;  // Heading and separator.
    std::vector<std::string> cells;
    std::size_t at = 1;
    for (std::size_t bar; (bar = line.find(" |", at)) != std::string::npos; at = bar + 2) {
      cells.push_back(trim(line.substr(at, bar - at)));
    }
    const std::string name = cells.front();
    cells.erase(cells.begin());
    rows[name] = cells;
  }
  return rows;
}

// RFC 4180 lines (shapes are quoted: they hold commas).
std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (char c : text) {
    if (quoted) {
      if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      rows.back().push_back(field);
      field.clear();
      if (c == '\n') rows.emplace_back();
    } else {
      field += c;
    }
  }
  rows.pop_back();
  return rows;
}

void index_json(const nlohmann::json& node, std::map<std::string, nlohmann::json>& out) {
  out[node["name"]] = node;
  for (const auto& child : node["children"]) index_json(child, out);
}

std::uint64_t u64(const std::string& s) { return std::stoull(s); }
std::string blank_or(std::uint64_t v, const std::string& text) { return v == 0 ? "" : text; }
std::string percent(double share) {
  return share == 0 ? "" : fmt::format("{:.1f}%", 100.0 * share);
}

}  // namespace

BOOST_AUTO_TEST_CASE(csv_json_and_markdown_agree_on_every_column) {
  const auto md = run_graphstat(kArgs);
  const auto csv = run_graphstat(kArgs + " --format csv");
  const auto json = run_graphstat(kArgs + " --format json");
  BOOST_TEST_REQUIRE(md.exit_code + csv.exit_code + json.exit_code == 0);
  const auto table = markdown_rows(md.out);
  const auto lines = csv_rows(csv.out);
  std::map<std::string, nlohmann::json> nodes;
  index_json(nlohmann::json::parse(json.out)["modules"], nodes);
  const auto& head = lines.front();
  BOOST_TEST_REQUIRE(head.size() == 21u);  // module kind depth parent + 16 columns + unresolved.
  std::size_t checked = 0;
  for (std::size_t k = 1; k < lines.size(); ++k) {
    const auto& c = lines[k];
    BOOST_TEST_REQUIRE(c.size() == head.size());
    const std::string& name = c[0];
    BOOST_TEST_REQUIRE(table.count(name) == 1u, name);
    const auto& m = table.at(name);
    const auto& j = nodes.at(name);
    BOOST_TEST_CONTEXT(name) {
      // CSV = JSON, exactly.
      BOOST_TEST(u64(c[4]) == j["params"].get<std::uint64_t>());
      BOOST_TEST(u64(c[5]) == j["macs"].get<std::uint64_t>());
      BOOST_TEST(u64(c[6]) == j["flops"].get<std::uint64_t>());
      BOOST_TEST(u64(c[7]) == j["memory_bytes"].get<std::uint64_t>());
      BOOST_TEST(u64(c[8]) == j["input_bytes"].get<std::uint64_t>());
      BOOST_TEST(u64(c[9]) == j["output_bytes"].get<std::uint64_t>());
      BOOST_TEST(u64(c[10]) == j["weight_bytes"].get<std::uint64_t>());
      BOOST_TEST(u64(c[12]) == j["op_count"].get<std::uint64_t>());
      BOOST_TEST(u64(c[13]) == j["calls"].get<std::uint64_t>());
      BOOST_TEST(std::stod(c[16]) == j["seconds"].get<double>());
      BOOST_TEST(c[17] == j["bound"].get<std::string>());
      std::string in_shapes;
      for (const auto& s : j["input_shapes"])
        in_shapes += (in_shapes.empty() ? "" : "; ") + s.get<std::string>();
      BOOST_TEST(c[14] == in_shapes);
      // Markdown = the value as the table formats it.
      BOOST_TEST(m[0] == blank_or(u64(c[4]), graphstat::format_count(u64(c[4]))));
      BOOST_TEST(m[1] == blank_or(u64(c[5]), graphstat::format_count(u64(c[5]))));
      BOOST_TEST(m[2] == blank_or(u64(c[6]), graphstat::format_count(u64(c[6]))));
      BOOST_TEST(m[3] == blank_or(u64(c[7]), graphstat::format_bytes(u64(c[7]))));
      BOOST_TEST(m[4] == blank_or(u64(c[8]), graphstat::format_bytes(u64(c[8]))));
      BOOST_TEST(m[5] == blank_or(u64(c[9]), graphstat::format_bytes(u64(c[9]))));
      BOOST_TEST(m[6] == blank_or(u64(c[10]), graphstat::format_bytes(u64(c[10]))));
      BOOST_TEST(m[7] == blank_or(u64(c[7]), fmt::format("{:.2f}", std::stod(c[11]))));
      BOOST_TEST(m[8] == blank_or(u64(c[12]), c[12]));
      BOOST_TEST(m[9] == blank_or(u64(c[13]), c[13]));
      BOOST_TEST(m[10] == c[14]);
      BOOST_TEST(m[11] == c[15]);
      BOOST_TEST(m[12] ==
                 (std::stod(c[16]) > 0 ? graphstat::format_duration(std::stod(c[16])) : ""));
      BOOST_TEST(m[13] == c[17]);
      BOOST_TEST(m[14] == percent(std::stod(c[18])));
      BOOST_TEST(m[15] == percent(std::stod(c[19])));
    }
    ++checked;
  }
  // ResNet-18's 77 rows: the model, 67 modules and 9 op rows (8 residual adds and the flatten).
  BOOST_TEST(checked == 77u);
}
