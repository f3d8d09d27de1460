#define BOOST_TEST_MODULE formatter_markdown
#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "markdown_formatter.hpp"
#include "sample_report.hpp"

using graphstat::Metric;
using graphstat::Report;
using graphstat::formatters::MarkdownFormatter;
using graphstat::testing::sample_report;

namespace {

std::string render(const Report& report) {
  std::ostringstream out;
  MarkdownFormatter().render(report, out);
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(renders_seed_layout_with_totals) {
  const std::string expected =
      R"(| Module                   | #Parameters    | MACs     | Memory |
|:-------------------------|:---------------|:---------|:-------|
| model                    | 46.400K        | 233.619M | 9.62MB |
| conv1                    | 9.408K         | 118.014M | 3.85MB |
|  conv1.weight            | (64, 3, 7, 7)  |          |        |
| layer1                   | 36.992K        | 115.606M | 5.77MB |
|  layer1.0                | 36.992K        | 115.606M | 5.77MB |
|   layer1.0.conv1         | 36.864K        | 115.606M | 1.75MB |
|    layer1.0.conv1.weight | (64, 64, 3, 3) |          |        |
|   layer1.0.bn1           | 128            |          | 1.61MB |
|    layer1.0.bn1.weight   | (64,)          |          |        |
|    layer1.0.bn1.bias     | (64,)          |          |        |
|   layer1.0.add           |                |          | 2.41MB |

Total parameters: 46.400K (46,400)
Total MACs: 233.619M (233,619,456)
Total FLOPs: 468.443M (468,443,136)
Total memory: 9.62MB (9,619,200 bytes)
Peak activation memory: 3.81MB (3,813,376 bytes)
Arithmetic intensity: 48.70 FLOPs/byte
Unsupported operators (MACs/FLOPs not counted, memory counted):
- MaxPool: 1
- Resize: 2
)";
  BOOST_TEST(render(sample_report()) == expected);
}

BOOST_AUTO_TEST_CASE(flops_metric_renames_the_column_and_fills_it) {
  const std::string expected =
      R"(| Module                   | #Parameters    | FLOPs    | Memory |
|:-------------------------|:---------------|:---------|:-------|
| model                    | 46.400K        | 468.443M | 9.62MB |
| conv1                    | 9.408K         | 236.028M | 3.85MB |
|  conv1.weight            | (64, 3, 7, 7)  |          |        |
| layer1                   | 36.992K        | 232.415M | 5.77MB |
|  layer1.0                | 36.992K        | 232.415M | 5.77MB |
|   layer1.0.conv1         | 36.864K        | 231.211M | 1.75MB |
|    layer1.0.conv1.weight | (64, 64, 3, 3) |          |        |
|   layer1.0.bn1           | 128            | 1.004M   | 1.61MB |
|    layer1.0.bn1.weight   | (64,)          |          |        |
|    layer1.0.bn1.bias     | (64,)          |          |        |
|   layer1.0.add           |                | 200.704K | 2.41MB |
)";
  const std::string out = render(sample_report(Metric::flops));
  BOOST_TEST(out.substr(0, expected.size()) == expected);
}

BOOST_AUTO_TEST_CASE(no_unsupported_operators_says_none) {
  Report report = sample_report();
  report.unsupported_ops.clear();
  const std::string footer =
      "\nArithmetic intensity: 48.70 FLOPs/byte\nUnsupported operators: none\n";
  const std::string out = render(report);
  BOOST_TEST(out.substr(out.size() - footer.size()) == footer);
}

BOOST_AUTO_TEST_CASE(empty_model_leaves_every_value_cell_blank) {
  Report report;
  report.root.name = "model";
  report.root.kind = graphstat::RowKind::model;
  const std::string expected = R"(| Module | #Parameters | MACs | Memory |
|:-------|:------------|:-----|:-------|
| model  |             |      |        |

Total parameters: 0 (0)
Total MACs: 0 (0)
Total FLOPs: 0 (0)
Total memory: 0B (0 bytes)
Peak activation memory: 0B (0 bytes)
Arithmetic intensity: 0.00 FLOPs/byte
Unsupported operators: none
)";
  BOOST_TEST(render(report) == expected);
}

BOOST_AUTO_TEST_CASE(pipes_are_escaped_and_utf8_names_keep_columns_aligned) {
  Report report = sample_report();
  report.root.children[0].name = "a|b";
  report.root.children[1].name = "lähde";  // Seven bytes, five columns.
  report.root.children[1].children.clear();
  const std::string expected = R"(| Module        | #Parameters   | MACs     | Memory |
|:--------------|:--------------|:---------|:-------|
| model         | 46.400K       | 233.619M | 9.62MB |
| a\|b          | 9.408K        | 118.014M | 3.85MB |
|  conv1.weight | (64, 3, 7, 7) |          |        |
)";
  const std::string out = render(report);
  BOOST_TEST(out.substr(0, expected.size()) == expected);
  BOOST_TEST(out.find("\n| lähde         | 36.992K       | 115.606M | 5.77MB |\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(selected_by_md_and_markdown_extensions) {
  const std::vector<std::string> expected{".md", ".markdown"};
  BOOST_TEST(MarkdownFormatter().extensions() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(color_marks_rows_by_intensity_without_shifting_columns) {
  // Without a hardware profile, by FLOPs per byte (markdown_color.hpp): green from 10, yellow
  // below 1. model 468,443,136 / 9,619,200 = 48.7, conv1 61.3, layer1 and layer1.0 40.3,
  // layer1.0.conv1 131.9: green. layer1.0.bn1 1,003,520 / 1,606,656 = 0.62 and layer1.0.add
  // 200,704 / 2,408,448 = 0.083: yellow. Parameter rows dim, the heading bold; each escape wraps a
  // whole line, so the columns are those of the plain table.
  Report report = sample_report();
  report.color = true;
  const std::string g = "\x1b[32m", y = "\x1b[33m", d = "\x1b[2m", b = "\x1b[1m", r = "\x1b[0m";
  const std::string expected =
      b + "| Module                   | #Parameters    | MACs     | Memory |" + r + "\n" +
      "|:-------------------------|:---------------|:---------|:-------|\n" + g +
      "| model                    | 46.400K        | 233.619M | 9.62MB |" + r + "\n" + g +
      "| conv1                    | 9.408K         | 118.014M | 3.85MB |" + r + "\n" + d +
      "|  conv1.weight            | (64, 3, 7, 7)  |          |        |" + r + "\n" + g +
      "| layer1                   | 36.992K        | 115.606M | 5.77MB |" + r + "\n" + g +
      "|  layer1.0                | 36.992K        | 115.606M | 5.77MB |" + r + "\n" + g +
      "|   layer1.0.conv1         | 36.864K        | 115.606M | 1.75MB |" + r + "\n" + d +
      "|    layer1.0.conv1.weight | (64, 64, 3, 3) |          |        |" + r + "\n" + y +
      "|   layer1.0.bn1           | 128            |          | 1.61MB |" + r + "\n" + d +
      "|    layer1.0.bn1.weight   | (64,)          |          |        |" + r + "\n" + d +
      "|    layer1.0.bn1.bias     | (64,)          |          |        |" + r + "\n" + y +
      "|   layer1.0.add           |                |          | 2.41MB |" + r + "\n\n";
  const std::string out = render(report);
  BOOST_TEST(out.substr(0, expected.size()) == expected);
  // The footer stays plain text.
  BOOST_TEST(out.substr(expected.size()).find('\x1b') == std::string::npos);
}
