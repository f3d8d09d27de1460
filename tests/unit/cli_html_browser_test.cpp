#define BOOST_TEST_MODULE cli_html_browser
#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// The HTML report in a real browser (Debian's chromium, headless): the page's own script folds
// the module tree and sorts its columns. A driver script appended to the report clicks as a user
// would and writes what it sees into the page; chromium --dump-dom prints the page after it ran.

using graphstat::test::read_file;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

// Runs after the page's script: expand layer1, sort by MACs, count the roofline's points.
constexpr const char* kDriver = R"(<script>
(function () {
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll('#modules tbody tr'),
                                       function (tr) { return !tr.hidden; });
  }
  function name(tr) { return tr.cells[0].textContent.replace(/^[\u25b8\u25be]/, ''); }
  var out = {visible_before: visible().length};
  var layer1 = visible().filter(function (tr) { return name(tr) === 'layer1'; })[0];
  layer1.querySelector('button.fold').click();
  out.visible_after = visible().map(name);
  document.querySelector('th[data-col="2"]').click();
  out.sorted_by = document.querySelector('th[aria-sort]').textContent;
  out.order = visible().map(name);
  out.points = document.querySelectorAll('#roofline circle.pt').length;
  out.modules = document.querySelectorAll('#modules tr.module').length;
  var pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
)";

std::string unescape(std::string text) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"},
                                 {"&gt;", ">"},
                                 {"&quot;", "\""},
                                 {"&amp;", "&"}}) {
    for (std::size_t at; (at = text.find(from)) != std::string::npos;)
      text.replace(at, from.size(), to);
  }
  return text;
}

nlohmann::json drive(const TempDir& dir, const std::string& report) {
  std::string page = read_file(report);
  page.insert(page.rfind("</body>"), kDriver);
  const auto driver = dir.write("driver.html", page);
  const std::string command =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu "
      "--user-data-dir='" +
      (dir.path() / "profile").string() + "' --dump-dom 'file://" + driver.string() +
      "' 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  std::string dom;
  std::array<char, 65536> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    dom.append(buffer.data(), n);
  }
  BOOST_TEST(::pclose(pipe) == 0);
  const auto begin = dom.find("<pre id=\"result\">");
  BOOST_REQUIRE_MESSAGE(begin != std::string::npos, "no result in the page: " + dom.substr(0, 400));
  const auto start = begin + std::string("<pre id=\"result\">").size();
  return nlohmann::json::parse(unescape(dom.substr(start, dom.find("</pre>", start) - start)));
}

}  // namespace

BOOST_AUTO_TEST_CASE(fold_sort_and_one_roofline_point_per_module) {
  TempDir dir;
  const auto report = dir.path() / "r50.html";
  const auto r = run_graphstat("--model resnet50 --hardware a100 -o '" + report.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto seen = drive(dir, report.string());
  // Opens on the model and its 11 top-level rows (conv1 bn1 relu maxpool layer1-4 avgpool fc and
  // the functional flatten).
  BOOST_TEST(seen["visible_before"] == 12);
  // Expanding layer1 shows its three bottleneck blocks right under it.
  const auto& after = seen["visible_after"];
  BOOST_TEST(after.size() == 15u);
  BOOST_TEST(after[6] == "layer1");
  BOOST_TEST(after[7] == "layer1.0");
  BOOST_TEST(after[9] == "layer1.2");
  // Sorted by MACs, largest first, each subtree moving with its root: layer3 1.464G, layer2
  // 1.028G, layer4 809M, layer1 668M (its blocks: layer1.0 with the downsample, 231M, then
  // layer1.1 and layer1.2, 218M each), conv1 118M, fc 2.048M, then the rows without MACs.
  BOOST_TEST(seen["sorted_by"] == "MACs");
  const nlohmann::json expected = {"model",    "layer3",   "layer2",   "layer4",  "layer1",
                                   "layer1.0", "layer1.1", "layer1.2", "conv1",   "fc",
                                   "avgpool",  "bn1",      "flatten",  "maxpool", "relu"};
  BOOST_TEST(seen["order"] == expected, seen["order"].dump());
  // The roofline plot: one point per module row, 150 of them (10 top-level modules, 16 blocks of
  // 7 layers each plus the block itself, 4 downsample blocks of 3).
  BOOST_TEST(seen["modules"] == 150);
  BOOST_TEST(seen["points"] == 150);
}
