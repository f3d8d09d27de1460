#define BOOST_TEST_MODULE formatter_html
#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

#include "html_formatter.hpp"
#include "sample_report.hpp"
#include "text_checks.hpp"

using graphstat::Metric;
using graphstat::Report;
using graphstat::formatters::HtmlFormatter;
using graphstat::test::contains;
using graphstat::testing::sample_report;

namespace {

std::string render(const Report& report) {
  std::ostringstream out;
  HtmlFormatter().render(report, out);
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(page_is_complete_and_self_contained) {
  const std::string out = render(sample_report());
  BOOST_TEST(out.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<title>graphstat: tiny-resnet</title>\n",
                       0) == 0u);
  BOOST_TEST(out.substr(out.size() - 16) == "</body>\n</html>\n");
  // No network: nothing fetched (no link, src or url), the script inline.
  for (const char* external : {"http:", "https:", "<link", "src=", "url("}) {
    BOOST_TEST(!contains(out, external), external);
  }
  BOOST_TEST(contains(out, "<script>\n(function () {"));
}

BOOST_AUTO_TEST_CASE(totals_header_and_source) {
  const std::string out = render(sample_report());
  BOOST_TEST(
      contains(out, "<p class=\"meta\">models/tiny-resnet.onnx, read by the onnx frontend</p>"));
  BOOST_TEST(contains(out,
                      "<dl class=\"totals\">\n"
                      "<dt>Total parameters</dt><dd>46.400K (46,400)</dd>\n"
                      "<dt>Total MACs</dt><dd>233.619M (233,619,456)</dd>\n"
                      "<dt>Total FLOPs</dt><dd>468.443M (468,443,136)</dd>\n"
                      "<dt>Total memory</dt><dd>9.62MB (9,619,200 bytes)</dd>\n"
                      "<dt>Peak activation memory</dt><dd>3.81MB (3,813,376 bytes)</dd>\n"
                      "<dt>Arithmetic intensity</dt><dd>48.70 FLOPs/byte</dd>\n"
                      "</dl>\n"));
  BOOST_TEST(contains(out,
                      "<thead><tr><th data-col=\"0\">Module</th><th data-col=\"1\">#Parameters</th>"
                      "<th data-col=\"2\">MACs</th><th data-col=\"3\">Memory</th>"
                      "<th data-col=\"4\">FLOPs/byte</th><th data-col=\"5\">Share of MACs</th>"
                      "</tr></thead>"));
}

BOOST_AUTO_TEST_CASE(rows_are_indented_with_shares_and_parameters) {
  // A foldable tree: every row has its id and its parent's; only the model starts open, so rows
  // deeper than the top level (and the parameters of top-level modules) start hidden.
  const std::string out = render(sample_report());
  BOOST_TEST(
      contains(
          out,
          "<tr class=\"model\" data-id=\"0\" data-open=\"1\"><td style=\"padding-left:0.80em\">"
          "<button class=\"fold\" aria-expanded=\"true\">▾</button>model</td><td>46.400K</td>"
          "<td>233.619M</td><td>9.62MB</td><td>48.70</td><td class=\"share\"><span class=\"bar\" "
          "style=\"width:6.00em\"></span>100.0%</td></tr>\n"
          "<tr class=\"module\" data-id=\"1\" data-parent=\"0\" data-open=\"0\">"
          "<td style=\"padding-left:2.05em\"><button class=\"fold\" aria-expanded=\"false\">▸"
          "</button>conv1</td><td>9.408K</td>"
          "<td>118.014M</td><td>3.85MB</td><td>61.29</td><td class=\"share\"><span class=\"bar\" "
          "style=\"width:3.03em\"></span>50.5%</td></tr>\n"
          "<tr class=\"param\" data-parent=\"1\" hidden><td "
          "style=\"padding-left:3.30em\">conv1.weight"
          "</td><td class=\"shape\">(64, 3, 7, 7)</td><td></td><td></td><td></td><td></td></tr>\n"),
      out);
  // Zero values leave their cells blank, as in the Markdown table.
  BOOST_TEST(contains(out,
                      "<tr class=\"op\" data-id=\"6\" data-parent=\"3\" data-open=\"0\" hidden>"
                      "<td style=\"padding-left:4.55em\">layer1.0.add</td><td></td>"
                      "<td></td><td>2.41MB</td><td>0.08</td><td class=\"share\"></td></tr>\n"),
             out);
  // The exact values the page sorts by, one array per row id: name, then each column.
  BOOST_TEST(contains(out,
                      "<script type=\"application/json\" id=\"graphstat-rows\">"
                      "[[\"model\",46400,233619456,9619200,48.698762475049904,233619456],"),
             out);
}

BOOST_AUTO_TEST_CASE(flops_metric_renames_columns) {
  const std::string out = render(sample_report(Metric::flops));
  BOOST_TEST(contains(out,
                      "<th data-col=\"2\">FLOPs</th><th data-col=\"3\">Memory</th>"
                      "<th data-col=\"4\">FLOPs/byte</th><th data-col=\"5\">Share of FLOPs</th>"));
  BOOST_TEST(contains(out,
                      "<td style=\"padding-left:4.55em\">layer1.0.add</td><td></td>"
                      "<td>200.704K</td>"));
}

BOOST_AUTO_TEST_CASE(names_are_escaped) {
  Report report = sample_report();
  report.model = "<net>";
  report.root.children[0].name = "blocks<0>&\"x\"";
  report.unsupported_ops = {{"Foo<T>", 1}};
  const std::string out = render(report);
  BOOST_TEST(contains(out, "<title>graphstat: &lt;net&gt;</title>"));
  BOOST_TEST(contains(out, ">blocks&lt;0&gt;&amp;&quot;x&quot;</td>"));
  BOOST_TEST(contains(out, "<li><code>Foo&lt;T&gt;</code>: 1</li>"));
  BOOST_TEST(!contains(out, "blocks<0>"));
  BOOST_TEST(!contains(out, "<net>"));
}

BOOST_AUTO_TEST_CASE(unsupported_operators_listed_or_none) {
  Report report = sample_report();
  BOOST_TEST(
      contains(render(report),
               "<h2>Unsupported operators</h2>\n"
               "<p>MACs/FLOPs not counted, memory counted.</p>\n<ul>\n"
               "<li><code>MaxPool</code>: 1</li>\n<li><code>Resize</code>: 2</li>\n</ul>\n"));
  report.unsupported_ops.clear();
  BOOST_TEST(contains(render(report),
                      "<h2>Unsupported operators</h2>\n<p>None: every operator was priced.</p>\n"));
}

BOOST_AUTO_TEST_CASE(selected_by_html_and_htm_extensions) {
  const std::vector<std::string> expected{".html", ".htm"};
  BOOST_TEST(HtmlFormatter().extensions() == expected, boost::test_tools::per_element());
}
