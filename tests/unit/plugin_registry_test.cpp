#define BOOST_TEST_MODULE plugin_registry
#include "graphstat/plugin_registry.hpp"

#include <boost/test/unit_test.hpp>

#include "graph_builder.hpp"
#include "graphstat/analysis.hpp"
#include "graphstat/error.hpp"
#include "text_checks.hpp"

using namespace graphstat;
using graphstat::test::contains;
namespace fs = std::filesystem;

namespace {

const fs::path kPlugins = GRAPHSTAT_PLUGIN_DIR;
const fs::path kTestPlugins = GRAPHSTAT_TEST_PLUGIN_DIR;

fs::path test_plugin(const std::string& name) {
  return kTestPlugins / ("libtest_plugin_" + name + ".so");
}

std::string load_error(const fs::path& file) {
  PluginRegistry registry;
  try {
    registry.load_library(file);
  } catch (const Error& e) {
    return e.what();
  }
  BOOST_FAIL("expected graphstat::Error loading " + file.string());
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(builtin_plugins_describe_themselves) {
  PluginRegistry registry;
  registry.load_directory(kPlugins, true);
  std::vector<std::string> names;
  for (const auto& p : registry.plugins()) names.push_back(p.name);
  for (const char* expected : {"json", "conv", "matmul", "normalization", "elementwise", "pooling",
                               "data_movement", "markdown", "csv", "html"}) {
    BOOST_TEST((std::find(names.begin(), names.end(), expected) != names.end()), expected);
  }
  BOOST_TEST(registry.cost_model_for("conv")->plugin == "conv");
  BOOST_TEST(registry.cost_model_for("max_pool")->plugin == "pooling");
  BOOST_TEST(registry.cost_model_for("gelu")->plugin == "elementwise");
  BOOST_TEST(registry.cost_model_for("no_such_op") == nullptr);
  BOOST_TEST(registry.formatter("markdown") != nullptr);
  BOOST_TEST(registry.formatter_for_extension(".csv").first == "csv");
  BOOST_TEST(registry.frontend_for_file("model.json").first == "json");
  for (const auto& p : registry.plugins()) {
    BOOST_TEST(!p.description.empty(), p.name);
    BOOST_TEST(!p.claims.empty(), p.name);
  }
}

BOOST_AUTO_TEST_CASE(a_plugin_of_another_abi_is_refused_by_name) {
  const auto msg = load_error(test_plugin("wrong_abi"));
  BOOST_TEST(contains(msg, "libtest_plugin_wrong_abi.so"), msg);
  BOOST_TEST(contains(msg, "built for plugin ABI version 5, this graphstat needs version 4"), msg);
}

BOOST_AUTO_TEST_CASE(a_plugin_of_another_toolchain_is_refused) {
  const auto msg = load_error(test_plugin("wrong_toolchain"));
  BOOST_TEST(contains(msg, "built by another toolchain ('clang 99.0.0 cxx11abi=0')"), msg);
}

BOOST_AUTO_TEST_CASE(libraries_that_are_not_plugins_are_refused) {
  BOOST_TEST(contains(load_error(test_plugin("not_a_plugin")), "not a graphstat plugin"));
  BOOST_TEST(contains(load_error(kTestPlugins / "libcorrupt.so"), "cannot be loaded"));
  BOOST_TEST(contains(load_error(kTestPlugins / "libabsent.so"), "no such file"));
}

BOOST_AUTO_TEST_CASE(a_throwing_constructor_is_reported_not_fatal) {
  const auto msg = load_error(test_plugin("throws_on_create"));
  BOOST_TEST(contains(msg, "failed to construct: license server unreachable"), msg);
}

BOOST_AUTO_TEST_CASE(a_throwing_cost_model_names_plugin_and_op) {
  PluginRegistry registry;
  registry.load_library(test_plugin("throwing_cost"));
  test::GraphBuilder b;
  auto x = b.activation("x", {4});
  b.op("relu", "act", {x}, {4});
  try {
    price_graph(b.graph(), registry, false);
    BOOST_FAIL("expected an error");
  } catch (const Error& e) {
    BOOST_TEST(contains(e.what(),
                        "cost model 'throwing-cost' failed on op 'act.relu#0' "
                        "(test::relu): relu tables not loaded"),
               e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_third_party_cost_model_overrides_one_op) {
  PluginRegistry registry;
  registry.load_directory(kPlugins, true);
  registry.load_library(test_plugin("override_conv"));
  BOOST_TEST(registry.cost_model_for("conv")->plugin == "override-conv");
  BOOST_TEST(registry.cost_model_for("conv_transpose")->plugin == "conv");  // Others untouched.

  test::GraphBuilder b;
  auto x = b.activation("x", {1, 3, 8, 8});
  auto w = b.parameter("w", {4, 3, 3, 3});
  b.op("conv", "conv", {x, w}, {1, 4, 6, 6});
  const auto priced = price_graph(b.graph(), registry, false);
  BOOST_TEST(priced.ops[0].macs == 144u);  // The override: one per output element, 4*6*6.
}

BOOST_AUTO_TEST_CASE(unpriced_ops_are_listed_or_fatal_with_strict) {
  PluginRegistry registry;
  registry.load_directory(kPlugins, true);
  test::GraphBuilder b;
  auto x = b.activation("x", {2, 8});
  auto y = b.op("fancy_op", "m", {x}, {2, 8});
  b.op("fancy_op", "m", {y}, {2, 8});
  const auto priced = price_graph(b.graph(), registry, false);
  BOOST_TEST(priced.unsupported_ops.at("test::fancy_op") == 2u);
  BOOST_TEST(!priced.ops[0].priced);
  BOOST_TEST(priced.ops[0].input_bytes == 64u);  // Memory still counts.
  BOOST_CHECK_EXCEPTION(price_graph(b.graph(), registry, true), Error, [](const Error& e) {
    return contains(e.what(), "priced by no cost model (--strict)");
  });
}

BOOST_AUTO_TEST_CASE(objects_keep_their_library_alive) {
  std::shared_ptr<const Formatter> formatter;
  {
    PluginRegistry registry;
    registry.load_directory(kPlugins, true);
    formatter = registry.formatter("markdown");
  }
  // The registry is gone; the formatter's deleter still holds its library, so this call is safe.
  BOOST_TEST(!formatter->extensions().empty());
}

BOOST_AUTO_TEST_CASE(loading_a_file_twice_is_harmless) {
  PluginRegistry registry;
  registry.load_directory(kPlugins, true);
  const auto count = registry.plugins().size();
  registry.load_directory(kPlugins, true);
  BOOST_TEST(registry.plugins().size() == count);
}
