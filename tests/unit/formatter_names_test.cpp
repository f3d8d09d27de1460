#define BOOST_TEST_MODULE formatter_names
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "csv_formatter.hpp"
#include "html_formatter.hpp"
#include "json_formatter.hpp"
#include "markdown_formatter.hpp"
#include "sample_report.hpp"

// Names come from model files, and a model file can hold anything: every formatter must keep each
// name intact and its own structure unbroken with commas, quotes, CR/LF, pipes, <, &, and
// non-ASCII text in module, op, parameter and operator names.

using graphstat::Report;
using graphstat::RowKind;
using graphstat::testing::make_param;
using graphstat::testing::make_row;
using graphstat::testing::sample_report;

namespace {

// Every troublesome character at once.
const std::string kName = "blk,\"q\"|<b>&\xC3\xA9\r\nx";

Report hostile_report() {
  Report report = sample_report();
  report.root.children.resize(1);
  auto& module = report.root.children[0];
  module.name = kName;
  module.param_rows = {make_param(kName + ".weight", {2, 3})};
  module.children = {make_row(kName + ".add", RowKind::op, 2, {0, 0, 0, 0, 0, 0, 1})};
  report.unsupported_ops = {{"my::op|<&>,\"\xC3\xA9\"", 2}};
  return report;
}

template <class F>
std::string render(const Report& report) {
  std::ostringstream out;
  F().render(report, out);
  return out.str();
}

// RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes, CR and LF.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_CASE(markdown_escapes_pipes_and_line_breaks_and_keeps_columns) {
  // '|' would end a cell and CR/LF the row: escaped as \| and \x0d\x0a. 'é' is two bytes, one
  // column: every line of the table is 69 columns wide.
  const std::string expected =
      R"(| Module                          | #Parameters | MACs     | Memory |
|:--------------------------------|:------------|:---------|:-------|
| model                           | 46.400K     | 233.619M | 9.62MB |
| blk,"q"\|<b>&é\x0d\x0ax         | 9.408K      | 118.014M | 3.85MB |
|  blk,"q"\|<b>&é\x0d\x0ax.weight | (2, 3)      |          |        |
|  blk,"q"\|<b>&é\x0d\x0ax.add    |             |          |        |
)";
  const std::string out = render<graphstat::formatters::MarkdownFormatter>(hostile_report());
  BOOST_TEST(out.substr(0, expected.size()) == expected);
  BOOST_TEST(out.find("\n- my::op|<&>,\"\xC3\xA9\": 2\n") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(csv_reads_back_every_name_exactly) {
  const auto rows = parse_csv(render<graphstat::formatters::CsvFormatter>(hostile_report()));
  BOOST_TEST_REQUIRE(rows.size() == 4u);  // Header, model, the module, its op row.
  for (const auto& row : rows) BOOST_TEST(row.size() == 14u);
  BOOST_TEST(rows[2][0] == kName);
  BOOST_TEST(rows[2][3] == "model");
  BOOST_TEST(rows[3][0] == kName + ".add");
  BOOST_TEST(rows[3][3] == kName);  // The parent column.
  BOOST_TEST(rows[2][5] == "118013952");
}

BOOST_AUTO_TEST_CASE(html_escapes_markup_and_keeps_text) {
  const std::string out = render<graphstat::formatters::HtmlFormatter>(hostile_report());
  const std::string name = "blk,&quot;q&quot;|&lt;b&gt;&amp;\xC3\xA9\r\nx";
  BOOST_TEST(out.find("<td style=\"padding-left:2.05em\"><button class=\"fold\" "
                      "aria-expanded=\"false\">▸</button>" +
                      name + "</td><td>9.408K</td>") != std::string::npos);
  // In the JSON the page sorts by, the name is a JSON string with no raw markup (it sits in a
  // <script> element, which a "</script>" in a name would otherwise end).
  BOOST_TEST(out.find(R"(["blk,\"q\"|\u003cb\u003e\u0026é\u000d\u000ax",)") != std::string::npos);
  BOOST_TEST(out.find("<td style=\"padding-left:3.30em\">" + name +
                      ".weight</td><td class=\"shape\">(2, 3)</td>") != std::string::npos);
  BOOST_TEST(out.find("<code>my::op|&lt;&amp;&gt;,&quot;\xC3\xA9&quot;</code>: 2") !=
             std::string::npos);
  BOOST_TEST(out.find("<b>") == std::string::npos);  // No name is markup.
}

BOOST_AUTO_TEST_CASE(json_parses_back_to_the_same_names) {
  const auto j =
      nlohmann::json::parse(render<graphstat::formatters::JsonFormatter>(hostile_report()));
  const auto& module = j["modules"]["children"][0];
  BOOST_TEST(module["name"].get<std::string>() == kName);
  BOOST_TEST(module["parameters"][0]["name"].get<std::string>() == kName + ".weight");
  BOOST_TEST(module["children"][0]["name"].get<std::string>() == kName + ".add");
  BOOST_TEST(j["unsupported_ops"]["my::op|<&>,\"\xC3\xA9\""].get<int>() == 2);
}
