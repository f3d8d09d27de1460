#define BOOST_TEST_MODULE cli_html_views
#include <boost/test/unit_test.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// The HTML format's other tables, end to end: --by-op, --ops, the roofline columns and
// bottlenecks, the unresolved list. Figures by hand (roofline_test and audit_views_test work the
// same ones out for the markdown format).

using graphstat::test::contains;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

std::string html_of(const std::string& args) {
  TempDir dir;
  const auto file = dir.path() / "r.html";
  const auto r = run_graphstat(args + " -o '" + file.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  return read_file(file);
}

}  // namespace

BOOST_AUTO_TEST_CASE(by_op_and_ops_tables) {
  // ResNet-18's 20 convs: 1,813,561,344 MACs (all but fc's 512,000), 100.0% of the MACs shown.
  std::string html = html_of("--model resnet18 --by-op");
  BOOST_TEST(contains(html,
                      "<tr><td>conv</td><td>20</td><td>1.814G</td><td>3.627G</td>"
                      "<td>63.33MB</td><td class=\"share\"><span class=\"bar\" "
                      "style=\"width:6.00em\"></span>100.0%</td></tr>"),
             html);
  // conv1 as the first op: 64·112·112 x 3·7·7 = 118,013,952 MACs; 3,851,008 B.
  html = html_of("--model resnet18 --ops");
  BOOST_TEST(contains(html,
                      "<tr><td>0</td><td>conv1</td><td>conv</td><td>aten::_convolution</td>"
                      "<td>(1, 3, 224, 224) (64, 3, 7, 7) -</td><td>(1, 64, 112, 112)</td>"
                      "<td>118,013,952</td><td>236,027,904</td><td>3,851,008</td></tr>"),
             html);
}

BOOST_AUTO_TEST_CASE(where_the_macs_and_memory_go) {
  // ResNet-18's top-level rows, most MACs first: layer1 462,422,016 of 1,814,073,344 = 25.5%,
  // its memory 24.68MB of 116.95MB = 21.1%.
  const std::string html = html_of("--model resnet18");
  BOOST_TEST(contains(html, "<figcaption>Where the MACs and the memory go (top-level rows)"));
  BOOST_TEST(contains(html,
                      "<tr><td>layer1</td><td class=\"share\"><span class=\"bar\" "
                      "style=\"width:1.53em\"></span>25.5%</td>"),
             html);
}

BOOST_AUTO_TEST_CASE(roofline_columns_and_bottlenecks) {
  // resnet50 on the A100 profile: conv1 236,027,904 FLOPs / 19.5 TFLOP/s = 12.1 µs, compute-bound.
  const std::string html = html_of("--model resnet50 --hardware a100");
  BOOST_TEST(contains(html,
                      "<td style=\"padding-left:2.05em\"><button class=\"fold\" "
                      "aria-expanded=\"false\">▸</button>conv1</td><td>9.408K</td>"
                      "<td>118.014M</td><td>3.85MB</td><td>61.29</td>"),
             html);
  BOOST_TEST(contains(html, "<td>12.1µs</td><td>compute</td><td>2.2%</td></tr>"), html);
  BOOST_TEST(contains(html, "<h2>Bottlenecks</h2>"), html);
  BOOST_TEST(contains(html, "<li>conv1: 12.1µs (2.2%), compute-bound"), html);
}

BOOST_AUTO_TEST_CASE(the_roofs_corners_by_hand) {
  // tiny_cnn on the A100 profile (19.5 TFLOP/s, 2039 GB/s: ridge 9.5635 FLOPs/byte). Every module
  // is memory-bound, so its rate is intensity x 2039 GB/s; the lowest, block.relu (0.125
  // FLOPs/byte), runs at 2.549e11 FLOP/s. Axes span whole decades around the points:
  //   x: floor(log10(0.125 / 2)) = -2 to ceil(log10(9.5635 * 2)) = 2, pixels 60 to 540;
  //   y: floor(log10(2.549e11 / 2)) = 11 to ceil(log10(1.95e13 * 2)) = 14, pixels 320 up to 20.
  // The roof: (0.01, 2.039e10 clamped to 1e11) -> (60, 320); the ridge at x = 60 + (log10 9.5635
  // + 2) / 4 * 480 = 417.7, y = 320 - (log10 1.95e13 - 11) / 3 * 300 = 91.0; then (540, 91.0).
  const std::string html =
      html_of("'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/tiny_cnn.json' --hardware a100");
  BOOST_TEST(
      contains(html, "<polyline class=\"roof\" points=\"60.0,320.0 417.7,91.0 540.0,91.0\"/>"),
      html);
}

BOOST_AUTO_TEST_CASE(unresolved_operators_are_listed) {
  const std::string html =
      html_of("'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/onnx/tiny_detector-op13.onnx'");
  BOOST_TEST(contains(html, "<h2>Unresolved operators</h2>"));
  BOOST_TEST(contains(html,
                      "<li>/NonMaxSuppression (NonMaxSuppression) in model: waits on "
                      "/NonMaxSuppression.boxes</li>"),
             html);
}
