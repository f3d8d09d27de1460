#define BOOST_TEST_MODULE hostile_input
#include <boost/test/unit_test.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// What a file from anywhere may hold must not break the report, the terminal or a spreadsheet,
// and a bad environment must not stop every run. Each case asserts the exit code and the line.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kData = GRAPHSTAT_TEST_DATA_DIR;
const std::string kPlugins = GRAPHSTAT_TEST_PLUGIN_DIR;

// A one-op graph whose module and op names are `name` (JSON-escaped by the caller).
std::string graph_named(const std::string& name) {
  return R"({"format":"graphstat-graph","version":1,"inputs":["x"],"outputs":["y"],
"tensors":[{"name":"x","shape":[1,4]},{"name":"y","shape":[1,4]}],
"nodes":[{"name":")" +
         name + R"(","op":"relu","module":")" + name + R"(","inputs":["x"],"outputs":["y"]}]})";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_yaml_key_given_twice_is_an_error) {
  TempDir dir;
  const auto config = dir.write("twice.yaml", "model: a.json\nmetric: macs\nmetric: flops\n");
  const auto r = run_graphstat("--config '" + config.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + config.string() + ":3: key 'metric' is given twice\n");
}

BOOST_AUTO_TEST_CASE(csv_cells_that_a_spreadsheet_would_run_are_neutralized) {
  TempDir dir;
  const auto model = dir.write("m.json", graph_named("=HYPERLINK(1)"));
  const auto r = run_graphstat("'" + model.string() + "' --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "\n'=HYPERLINK(1),module,1,model,"), r.out);
  for (const std::string lead : {"+", "-", "@"}) {
    const auto m = dir.write("n.json", graph_named(lead + "cmd"));
    const auto c = run_graphstat("'" + m.string() + "' --format csv");
    BOOST_TEST(contains(c.out, "\n'" + lead + "cmd,module,1,model,"), c.out);
  }
}

BOOST_AUTO_TEST_CASE(a_newline_or_an_escape_in_a_name_keeps_the_table_whole) {
  TempDir dir;
  const auto model = dir.write("m.json", graph_named("evil\\n| x |\\u001b[31m"));
  const auto r = run_graphstat("'" + model.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "| evil\\x0a\\| x \\|\\x1b[31m |"), r.out);
  BOOST_TEST(!contains(r.out, "\x1b"));
}

BOOST_AUTO_TEST_CASE(control_characters_from_a_file_are_not_echoed_raw_in_errors) {
  TempDir dir;
  const auto model =
      dir.write("m.json", R"({"format":"graphstat-graph","version":1,"tensors":[],"nodes":[
{"name":"n\u001b]0;pwned\u0007","op":"relu","inputs":["nope"],"outputs":[]}]})");
  const auto r = run_graphstat("'" + model.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "n\\x1b]0;pwned\\x07"), r.err);
  BOOST_TEST(!contains(r.err, "\x1b"));
  BOOST_TEST(r.err.find('\n') == r.err.size() - 1, r.err);
}

BOOST_AUTO_TEST_CASE(a_junk_plugin_path_entry_is_a_warning_not_a_failure) {
  const auto r =
      run_graphstat("--model resnet18 --max-depth 0",
                    "GRAPHSTAT_PLUGIN_PATH='/no/such/dir:" + kPlugins + "/libcorrupt.so'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Total MACs: 1.814G"), r.out);
  BOOST_TEST(contains(r.err, "graphstat: warning: GRAPHSTAT_PLUGIN_PATH entry skipped: plugin "),
             r.err);
  // Named on the command line, the same file is an error.
  const auto explicit_plugin =
      run_graphstat("--model resnet18 --plugin '" + kPlugins + "/libcorrupt.so'");
  BOOST_TEST(explicit_plugin.exit_code == 1);
}

BOOST_AUTO_TEST_CASE(a_plugin_throwing_a_non_standard_exception_is_an_error_naming_it) {
  const auto r = run_graphstat("--model resnet18 --plugin '" + kPlugins +
                               "/libtest_plugin_throws_non_std.so'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "models/resnet18.json: cost model 'throws-non-std' failed on op "),
             r.err);
  BOOST_TEST(contains(r.err, "a non-standard exception"), r.err);
}

BOOST_AUTO_TEST_CASE(a_plugin_of_another_abi_is_refused_before_its_static_constructors_run) {
  // Both test plugins abort from a static constructor: exit 1 with the line (not 134, not their
  // message) shows the library was never loaded.
  for (const std::string name : {"wrong_abi", "wrong_toolchain"}) {
    const auto plugin = kPlugins + "/libtest_plugin_" + name + ".so";
    const auto r = run_graphstat("--model resnet18 --plugin '" + plugin + "'");
    BOOST_TEST(r.exit_code == 1, name << ": " << r.err);
    BOOST_TEST(!contains(r.err, "static constructor ran"), r.err);
    BOOST_TEST(r.err.find('\n') == r.err.size() - 1, r.err);
  }
  const auto plugin = kPlugins + "/libtest_plugin_wrong_abi.so";
  const auto r = run_graphstat("--model resnet18 --plugin '" + plugin + "'");
  BOOST_TEST(r.err == "graphstat: error: plugin " + plugin +
                          ": built for plugin ABI version 5, this graphstat needs version 4\n");
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_elf_or_not_a_plugin_is_refused_unloaded) {
  const auto corrupt = kPlugins + "/libcorrupt.so";
  auto r = run_graphstat("--model resnet18 --plugin '" + corrupt + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: plugin " + corrupt +
                          ": cannot be loaded: not an ELF shared library\n");
  const auto plain = kPlugins + "/libtest_plugin_not_a_plugin.so";
  r = run_graphstat("--model resnet18 --plugin '" + plain + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: plugin " + plain +
                          ": not a graphstat plugin, or one older than plugin ABI version 3 (no "
                          ".graphstat_abi section)\n");
}

BOOST_AUTO_TEST_CASE(a_negative_cost_from_a_plugin_is_an_error_not_a_figure) {
  TempDir dir;
  const auto model = dir.write("m.json", graph_named("r"));
  const auto plugin = kPlugins + "/libtest_plugin_negative_cost.so";
  const auto r = run_graphstat("'" + model.string() + "' --plugin '" + plugin + "'");
  BOOST_TEST(r.exit_code == 1);
  // -4 computed in signed 64 bits arrives as 2^64 - 4.
  BOOST_TEST(r.err == "graphstat: error: " + model.string() +
                          ": cost model 'negative' failed on op 'r' (relu): returned FLOPs "
                          "18446744073709551612 (as signed, -4): a negative or overflowed count\n");
  BOOST_TEST(r.out.empty());
}
