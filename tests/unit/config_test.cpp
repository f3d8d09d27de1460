#define BOOST_TEST_MODULE config
#include <boost/test/unit_test.hpp>

#include "graphstat/cli.hpp"
#include "graphstat/error.hpp"
#include "graphstat/options.hpp"
#include "temp_dir.hpp"
#include "text_checks.hpp"

using namespace graphstat;
using graphstat::test::contains;
using graphstat::test::error_of;

namespace {

CommandLine parse(std::vector<const char*> args) {
  args.insert(args.begin(), "graphstat");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_full_config) {
  test::TempDir dir;
  const auto file = dir.write("net.yaml", R"(model: models/net.json
frontend: json
inputs:
  - name: x
    shape: [2, 3, 32, 32]
    dtype: float16
metric: flops
max_depth: 2
sort: memory
output:
  format: csv
  path: out.csv
plugins: [extra/libmine.so]
strict: true
)");
  const Options o = load_config(file);
  BOOST_TEST(o.model == dir.path() / "models/net.json");  // Relative to the config file.
  BOOST_TEST(o.frontend == "json");
  BOOST_REQUIRE(o.inputs.size() == 1u);
  BOOST_TEST(o.inputs[0].name == "x");
  BOOST_TEST(o.inputs[0].shape == (Shape{2, 3, 32, 32}));
  BOOST_TEST((o.inputs[0].dtype == DType::float16));
  BOOST_TEST((o.metric == Metric::flops));
  BOOST_TEST(o.max_depth.value() == 2);
  BOOST_TEST((o.sort == SortKey::memory));
  BOOST_TEST(o.format == "csv");
  BOOST_TEST(o.output.value() == "out.csv");  // Relative to where graphstat runs.
  BOOST_TEST(o.plugins.at(0) == dir.path() / "extra/libmine.so");
  BOOST_TEST(o.strict);
}

BOOST_AUTO_TEST_CASE(errors_name_file_and_line) {
  test::TempDir dir;
  const auto unknown = dir.write("a.yaml", "model: m.json\nmetrc: flops\n");
  const auto msg = error_of([&] { load_config(unknown); });
  BOOST_TEST(contains(msg, "a.yaml:2: unknown key 'metrc'"), msg);

  const auto wrong_type = dir.write("b.yaml", "model: m.json\nmax_depth: deep\n");
  BOOST_TEST(contains(error_of([&] { load_config(wrong_type); }),
                      "b.yaml:2: 'max_depth' must be an integer, not 'deep'"));

  const auto bad_metric = dir.write("c.yaml", "model: m.json\nmetric: watts\n");
  BOOST_TEST(contains(error_of([&] { load_config(bad_metric); }),
                      "c.yaml:2: 'metric' must be macs or flops, not 'watts'"));

  const auto bad_shape =
      dir.write("d.yaml", "model: m.json\ninputs:\n  - name: x\n    shape: [1, -3]\n");
  BOOST_TEST(contains(error_of([&] { load_config(bad_shape); }), "d.yaml:4:"));

  const auto not_yaml = dir.write("e.yaml", "model: [unclosed\n");
  BOOST_TEST(contains(error_of([&] { load_config(not_yaml); }), "e.yaml:"));
  BOOST_TEST(contains(error_of([&] { load_config(not_yaml); }), "invalid YAML"));

  const auto no_model = dir.write("f.yaml", "metric: macs\n");
  BOOST_TEST(contains(error_of([&] { load_config(no_model); }), "missing required key 'model'"));

  const auto nested = dir.write("g.yaml", "model: m.json\noutput:\n  fromat: json\n");
  BOOST_TEST(contains(error_of([&] { load_config(nested); }), "g.yaml:3: unknown key 'fromat'"));

  BOOST_TEST(contains(error_of([&] { load_config(dir.path() / "missing.yaml"); }),
                      "missing.yaml: cannot open config file"));
}

BOOST_AUTO_TEST_CASE(input_shapes_on_the_command_line) {
  auto plain = parse_input_spec("1x3x224x224");
  BOOST_TEST(plain.name.empty());
  BOOST_TEST(plain.shape == (Shape{1, 3, 224, 224}));
  auto named = parse_input_spec("tokens=8x128:int64");
  BOOST_TEST(named.name == "tokens");
  BOOST_TEST(named.shape == (Shape{8, 128}));
  BOOST_TEST((named.dtype == DType::int64));
  BOOST_TEST(contains(error_of([] { parse_input_spec("1x3xax224"); }), "'a' is not a dimension"));
  BOOST_TEST(contains(error_of([] { parse_input_spec("x=1x3:float7"); }), "unknown dtype"));
  BOOST_TEST(contains(error_of([] { parse_input_spec("x="); }), "empty shape"));
}

BOOST_AUTO_TEST_CASE(command_line_beats_config_beats_defaults) {
  test::TempDir dir;
  const auto file =
      dir.write("c.yaml", "model: net.json\nmetric: macs\nmax_depth: 2\nsort: order\n");
  const std::string config = file.string();
  const Options o = resolve_options(
      parse({"--config", config.c_str(), "--flops", "--max-depth", "4", "-i", "1x3x8x8"}));
  BOOST_TEST((o.metric == Metric::flops));  // CLI over config.
  BOOST_TEST(o.max_depth.value() == 4);     // CLI over config.
  BOOST_TEST((o.sort == SortKey::order));   // Config over default.
  BOOST_TEST(o.format == "auto");           // Default.
  BOOST_TEST(o.inputs.at(0).shape == (Shape{1, 3, 8, 8}));
  BOOST_TEST(o.model == dir.path() / "net.json");
}

BOOST_AUTO_TEST_CASE(command_line_errors) {
  BOOST_TEST(contains(error_of([] { parse({}); }), "no model given"));
  // Several files without --compare: one row each (cli_many_models_test); convert takes one.
  const auto several = parse({"a.onnx", "b.onnx"});
  BOOST_TEST((several.action == graphstat::CommandLine::Action::summary));
  BOOST_TEST(several.compared.size() == 2u);
  BOOST_TEST(contains(error_of([] { parse({"convert", "a.onnx", "b.onnx"}); }),
                      "convert reads one model at a time"));
  BOOST_TEST(contains(error_of([] { parse({"a.onnx", "--sort", "size"}); }), "--sort 'size'"));
  BOOST_TEST(contains(error_of([] { parse({"a.onnx", "--frobnicate"}); }), "frobnicate"));
  BOOST_TEST(contains(error_of([] { parse({"a.onnx", "--max-depth", "-1"}); }), "--max-depth"));
  BOOST_TEST(contains(error_of([] {
                        parse({"a.onnx", "--model", "resnet18"});
                      }),
                      "give one of MODEL_FILE"));
  BOOST_TEST((parse({"--list-plugins"}).action == CommandLine::Action::list_plugins));
}

BOOST_AUTO_TEST_CASE(zoo_models_resolve_to_shipped_configs) {
  const Options o = resolve_options(parse({"--model", "resnet18"}));
  BOOST_TEST(o.model.filename() == "resnet18.json");
  BOOST_TEST(contains(error_of([] {
                        resolve_options(parse({"--model", "alexnet9000"}));
                      }),
                      "no such model in the shipped zoo"));
}

BOOST_AUTO_TEST_CASE(dash_output_means_stdout) {
  BOOST_TEST(!resolve_options(parse({"a.json", "-o", "-"})).output.has_value());
  BOOST_TEST(resolve_options(parse({"a.json", "-o", "r.md"})).output.value() == "r.md");
}
