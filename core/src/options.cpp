// Command-line parsing (Boost.program_options) and the merge with a config.

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <sstream>

#include "graphstat/cli.hpp"
#include "graphstat/error.hpp"
#include "graphstat/hardware.hpp"
#include "paths.hpp"

namespace graphstat {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

po::options_description visible_options() {
  po::options_description desc("Options");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help")
    ("version", "show the version and plugin ABI")
    ("config,c", po::value<std::string>(), "YAML config (docs/config.md); command-line options override it")
    ("model,m", po::value<std::string>(), "analyze a model of the shipped zoo by name: resnet18, resnet50, mobilenet_v2, vit_b_16")
    ("frontend", po::value<std::string>(), "frontend to read the model with (default: by extension, then by content)")
    ("input-shape,i", po::value<std::vector<std::string>>(), "input shape, [NAME=]1x3x224x224[:DTYPE]; repeat for several inputs")
    ("dim", po::value<std::vector<std::string>>(), "bind a symbolic dim, NAME=VALUE (a dynamic batch N, the boxes NMS keeps); NAME may be a glob ('*.count=100'), exact names win; repeatable")
    ("flops", po::bool_switch(), "count FLOPs instead of MACs in the table")
    ("format,f", po::value<std::string>(), "output format: markdown, json, csv, html, or any formatter plugin (default: by --output extension, else markdown)")
    ("output,o", po::value<std::string>(), "write the report to FILE (atomically) instead of stdout; - is stdout")
    ("max-depth,d", po::value<int>(), "show modules down to depth N (model is 0)")
    ("sort", po::value<std::string>(), "order of sibling rows: name (natural, default), order (execution), params, macs, flops, memory, time")
    ("only", po::value<std::vector<std::string>>(), "count only these ops: canonical names or cost-model families, comma-separated (conv,matmul); repeatable")
    ("module", po::value<std::vector<std::string>>(), "count only ops of modules matching a glob ('layer3.*'); repeatable")
    ("hide-zero", po::bool_switch(), "drop rows whose every figure is zero")
    ("columns", po::value<std::string>(), "columns of the module table, comma-separated: params, macs, flops, memory, peak, input, output, weights, intensity, ops, calls, input_shapes, output_shapes, time, bound; NAME% is the row's share of the model's total (macs%)")
    ("color", po::value<std::string>(), "color the table by bound or intensity: auto (a terminal, unless NO_COLOR is set; default), always, never; never in an --output file")
    ("by-op", "audit view: totals per canonical op type (count, MACs, FLOPs, memory, share) instead of modules")
    ("ops", "audit view: every op in execution order with its module, source op, shapes and cost")
    ("hardware", po::value<std::string>(), "estimate time on a hardware profile (roofline): a shipped name (a100, rtx4090, jetson_agx_orin, epyc9654) or a YAML file")
    ("dtype", po::value<std::string>(), "run precision: fp32, tf32, fp16, bf16, int8; re-prices floating tensors at its size and picks the profile's peak")
    ("plugin,p", po::value<std::vector<std::string>>(), "load a plugin library or a directory of them; repeatable")
    ("list-plugins", "list the plugins found, with versions and what each prices or reads")
    ("compare", po::bool_switch(), "compare the models given (files or .yaml configs, two or more) side by side: rows matched by module path, deltas from the first")
    ("strict", po::bool_switch(), "fail when an operator is priced by no cost model or its cost waits on an unbound dim");
  // clang-format on
  return desc;
}

std::string usage(const po::options_description& desc) {
  std::ostringstream text;
  text << "Usage: graphstat [options] MODEL_FILE\n"
          "       graphstat --config FILE [options]\n"
          "       graphstat --model NAME [options]\n"
          "       graphstat convert MODEL_FILE [-o GRAPH.json] [options]\n"
          "       graphstat --compare A B [C...] [options]   (model files or .yaml configs)\n"
          "       graphstat A B [C...] [options]   (one process, a table of one row per model)\n\n"
          "Per-module parameters, MACs or FLOPs, and memory traffic of a neural network.\n"
          "convert writes the model as a graphstat JSON graph (docs/json-graph.md), which\n"
          "graphstat analyzes to the same figures without the original framework.\n\n"
       << desc
       << "\nPlugins are loaded from the built-in plugin directory, from GRAPHSTAT_PLUGIN_PATH\n"
          "(colon-separated), from a config's plugins: list and from --plugin, later ones\n"
          "overriding earlier ones.\n";
  return text.str();
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv) {
  // `graphstat convert ...` is the one subcommand; the rest of its line parses like any other.
  const bool convert = argc > 1 && std::string_view(argv[1]) == "convert";
  if (convert) {
    --argc;
    ++argv;
  }
  const auto desc = visible_options();
  po::options_description hidden;
  hidden.add_options()("model-file", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("model-file", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(fmt::format("{} (see graphstat --help)", e.what()));
  }

  CommandLine cli;
  cli.help_text = usage(desc);
  if (vm.count("help")) {
    cli.action = CommandLine::Action::help;
    return cli;
  }
  if (vm.count("version")) {
    cli.action = CommandLine::Action::version;
    return cli;
  }
  if (vm.count("list-plugins")) cli.action = CommandLine::Action::list_plugins;
  if (convert) cli.action = CommandLine::Action::convert;

  const bool compare = vm["compare"].as<bool>();
  if (compare) {
    if (convert) throw Error("convert reads one model; --compare is for reports");
    if (vm.count("config") || vm.count("model")) {
      throw Error(
          "--compare takes the models as arguments (files or .yaml configs), not "
          "--config or --model");
    }
    const auto files = vm.count("model-file") ? vm["model-file"].as<std::vector<std::string>>()
                                              : std::vector<std::string>{};
    if (files.size() < 2) {
      throw Error(fmt::format("--compare needs two or more models, got {}", files.size()));
    }
    for (const auto& f : files) cli.compared.emplace_back(f);
    cli.action = CommandLine::Action::compare;
  } else if (vm.count("model-file")) {
    const auto& files = vm["model-file"].as<std::vector<std::string>>();
    if (files.size() > 1) {
      if (convert) {
        throw Error(fmt::format("convert reads one model at a time, got {}: {}", files.size(),
                                fmt::join(files, " ")));
      }
      // Several models: one process (one libtorch load, one plugin registry), one row each.
      for (const auto& f : files) cli.compared.emplace_back(f);
      cli.action = CommandLine::Action::summary;
    } else {
      cli.model = fs::path(files.front());
    }
  }
  if (vm.count("config")) cli.config = fs::path(vm["config"].as<std::string>());
  if (vm.count("model")) cli.zoo_model = vm["model"].as<std::string>();
  if (vm.count("frontend")) cli.frontend = vm["frontend"].as<std::string>();
  if (vm.count("input-shape")) {
    for (const auto& text : vm["input-shape"].as<std::vector<std::string>>()) {
      cli.inputs.push_back(parse_input_spec(text));
    }
  }
  if (vm.count("dim")) {
    for (const auto& text : vm["dim"].as<std::vector<std::string>>()) {
      auto [name, value] = parse_dim_binding(text);
      cli.dims[name] = value;
    }
  }
  cli.flops = vm["flops"].as<bool>();
  cli.strict = vm["strict"].as<bool>();
  if (vm.count("format")) cli.format = vm["format"].as<std::string>();
  if (vm.count("output")) cli.output = fs::path(vm["output"].as<std::string>());
  if (vm.count("max-depth")) {
    cli.max_depth = vm["max-depth"].as<int>();
    if (*cli.max_depth < 0) throw Error("--max-depth must not be negative");
  }
  if (vm.count("sort")) {
    const auto text = vm["sort"].as<std::string>();
    cli.sort = parse_sort_key(text);
    if (!cli.sort) {
      throw Error(fmt::format(
          "--sort '{}': must be one of name, order, params, macs, flops, memory, time", text));
    }
  }
  if (vm.count("by-op") && vm.count("ops")) throw Error("give one of --by-op and --ops, not both");
  if (vm.count("by-op")) cli.view = ReportView::by_op;
  if (vm.count("ops")) cli.view = ReportView::ops;
  if (vm.count("only")) {
    for (const auto& list : vm["only"].as<std::vector<std::string>>()) {
      for (std::size_t at = 0; at <= list.size();) {
        const std::size_t comma = std::min(list.find(',', at), list.size());
        if (comma > at) cli.only.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
    }
    if (cli.only.empty()) throw Error("--only: give op names or families, e.g. --only conv,matmul");
  }
  if (vm.count("module")) cli.modules = vm["module"].as<std::vector<std::string>>();
  cli.hide_zero = vm["hide-zero"].as<bool>();
  if (vm.count("columns"))
    cli.columns = parse_columns(vm["columns"].as<std::string>(), "--columns");
  if (vm.count("color")) {
    const auto text = vm["color"].as<std::string>();
    if (text == "auto") {
      cli.color = ColorMode::automatic;
    } else if (text == "always") {
      cli.color = ColorMode::always;
    } else if (text == "never") {
      cli.color = ColorMode::never;
    } else {
      throw Error(fmt::format("--color '{}': must be one of auto, always, never", text));
    }
  }
  if (vm.count("hardware")) cli.hardware = vm["hardware"].as<std::string>();
  if (vm.count("dtype")) {
    cli.precision = vm["dtype"].as<std::string>();
    (void)precision_dtype(*cli.precision);  // A typo fails here, before any model is read.
  }
  if (vm.count("plugin")) {
    for (const auto& p : vm["plugin"].as<std::vector<std::string>>()) cli.plugins.emplace_back(p);
  }
  const int sources = (cli.model ? 1 : 0) + (cli.config ? 1 : 0) + (cli.zoo_model ? 1 : 0) +
                      (cli.compared.empty() ? 0 : 1);
  if (sources > 1) throw Error("give one of MODEL_FILE, --config and --model, not several");
  const bool needs_model =
      cli.action == CommandLine::Action::analyze || cli.action == CommandLine::Action::convert;
  if (sources == 0 && needs_model) {
    throw Error(
        "no model given: pass MODEL_FILE, --config FILE or --model NAME (see graphstat --help)");
  }
  return cli;
}

std::vector<Options> resolve_compared_options(const CommandLine& cli) {
  std::vector<Options> all;
  for (const fs::path& file : cli.compared) {
    CommandLine one = cli;
    one.compared.clear();
    const auto ext = file.extension().string();
    if (ext == ".yaml" || ext == ".yml") {
      one.config = file;
    } else {
      one.model = file;
    }
    all.push_back(resolve_options(one));
  }
  return all;
}

Options resolve_options(const CommandLine& cli) {
  Options options;
  if (cli.config) {
    options = load_config(*cli.config);
  } else if (cli.zoo_model) {
    options = load_config(zoo_config(*cli.zoo_model));
  }
  if (cli.model) options.model = *cli.model;
  if (cli.frontend) options.frontend = *cli.frontend;
  if (!cli.inputs.empty()) options.inputs = cli.inputs;
  for (const auto& [name, value] : cli.dims) options.dims[name] = value;
  if (cli.flops) options.metric = Metric::flops;
  if (cli.max_depth) options.max_depth = cli.max_depth;
  if (cli.sort) options.sort = *cli.sort;
  if (cli.format) options.format = *cli.format;
  if (cli.output) options.output = cli.output;
  if (options.output && *options.output == "-") options.output.reset();  // "-o -" is stdout.
  options.plugins.insert(options.plugins.end(), cli.plugins.begin(), cli.plugins.end());
  if (cli.strict) options.strict = true;
  if (cli.hardware) options.hardware = cli.hardware;
  if (cli.precision) options.precision = cli.precision;
  if (cli.view) options.view = *cli.view;
  if (!cli.only.empty()) options.filter.ops = cli.only;
  if (!cli.modules.empty()) options.filter.modules = cli.modules;
  if (cli.hide_zero) options.hide_zero = true;
  if (cli.color) options.color = *cli.color;
  if (!cli.columns.empty()) options.columns = cli.columns;
  return options;
}

}  // namespace graphstat
