// The graphstat job, start to finish: options, plugins, model, report, output.

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "atomic_file.hpp"
#include "graphstat/adaptive_sampling.hpp"
#include "graphstat/cli.hpp"
#include "graphstat/comparison.hpp"
#include "graphstat/error.hpp"
#include "graphstat/fold_load_time.hpp"
#include "graphstat/fuse_patterns.hpp"
#include "graphstat/graph_check.hpp"
#include "graphstat/hardware.hpp"
#include "graphstat/json_graph_writer.hpp"
#include "graphstat/plugin_registry.hpp"
#include "graphstat/printable.hpp"
#include "model_summary.hpp"
#include "paths.hpp"
#include "progress.hpp"
#include "self_check.hpp"

namespace graphstat {
namespace fs = std::filesystem;
namespace {

// Built-in directory first, then GRAPHSTAT_PLUGIN_PATH, then the config's and --plugin's: later
// plugins override earlier ones.
// A bad GRAPHSTAT_PLUGIN_PATH entry (a stale directory, a junk file) is a warning: the variable is
// set once for every run, and one bad entry must not stop them all. What the command line or a
// config names explicitly is an error.
void load_plugins(PluginRegistry& registry, const std::vector<fs::path>& extra, std::ostream& err) {
  registry.load_directory(builtin_plugin_dir(), false);
  if (const char* env = std::getenv("GRAPHSTAT_PLUGIN_PATH")) {
    std::string_view paths(env);
    while (!paths.empty()) {
      const auto colon = paths.find(':');
      const auto entry = paths.substr(0, colon);
      if (!entry.empty()) {
        try {
          registry.load_path(fs::path(entry));
        } catch (const Error& e) {
          err << "graphstat: warning: GRAPHSTAT_PLUGIN_PATH entry skipped: " << printable(e.what())
              << '\n';
        }
      }
      if (colon == std::string_view::npos) break;
      paths.remove_prefix(colon + 1);
    }
  }
  for (const auto& path : extra) registry.load_path(path);
}

void list_plugins(const PluginRegistry& registry, std::ostream& out) {
  for (auto kind : {PluginKind::frontend, PluginKind::cost, PluginKind::formatter}) {
    out << fmt::format("{}s:\n", kind_name(kind));
    for (const auto& p : registry.plugins()) {
      if (p.kind != kind) continue;
      out << fmt::format("  {:<14} {:<6} {}\n", p.name, p.version, p.description);
      out << fmt::format("  {:<14} {:<6} {}: {}\n", "", "",
                         kind == PluginKind::cost ? "ops" : "extensions", fmt::join(p.claims, " "));
      out << fmt::format("  {:<14} {:<6} file: {}\n", "", "", p.file.string());
    }
  }
}

// Runs `step` on the model's graph so that any error it raises names the file: a count that
// overflows in a pass or a cost model ("y: the count overflows 64 bits") says which model it is
// in, as the frontend's errors do.
template <class Step>
auto naming_model(const fs::path& model, Step step) {
  try {
    return step();
  } catch (const Error& e) {
    const std::string prefix = model.string() + ": ";
    if (std::string_view(e.what()).starts_with(prefix)) throw;
    throw Error(prefix + e.what());
  }
}

Graph load_model(const PluginRegistry& registry, const Options& options,
                 std::string& frontend_name) {
  std::error_code ec;
  if (!fs::is_regular_file(options.model, ec)) {
    throw Error(fmt::format("{}: {}", options.model.string(),
                            fs::exists(options.model, ec) ? "not a regular file" : "no such file"));
  }
  std::shared_ptr<const Frontend> frontend;
  if (options.frontend == "auto") {
    std::tie(frontend_name, frontend) = registry.frontend_for_file(options.model);
  } else {
    frontend_name = options.frontend;
    frontend = registry.frontend(options.frontend);
    if (!frontend) throw Error(fmt::format("no frontend named '{}' is loaded", options.frontend));
  }
  // Every exception is turned into a core Error here, while the frontend's library is loaded: an
  // exception object whose code lives in a plugin must not outlive the plugin.
  Graph graph;
  try {
    const Progress progress(fmt::format("reading {} with the {} frontend",
                                        printable(options.model.string()), frontend_name));
    graph =
        frontend->load(options.model, LoadOptions{options.inputs, options.dims, options.limits});
  } catch (const Error& e) {
    throw Error(e.what());
  } catch (const std::exception& e) {
    // A frontend's own exception type (protobuf, libtorch) still names the file.
    throw Error(fmt::format("{}: {}", options.model.string(), e.what()));
  } catch (...) {
    throw Error(fmt::format("{}: the '{}' frontend failed with a non-standard exception",
                            options.model.string(), frontend_name));
  }
  naming_model(options.model, [&] {
    // Before any pass, cost model or formatter sees it: they may all rely on a sound graph.
    check_graph(graph, options.model, options.limits);
    // One granularity whatever the frontend (docs/design.md, "Fused patterns"): done here, before
    // both the report and `convert`, so that the JSON a user converts is the graph that is
    // priced.
    fuse_patterns(graph);
    // After fusion: a load-time op inside a pattern (the scale constant of an attention) goes
    // with it.
    fold_load_time(graph,
                   [&](const OpNode& op) { return registry.cost_model_for(op.op) != nullptr; });
    // Adaptive roi_align waits on a symbol (or takes the user's ratio) before any plugin sees it.
    bind_adaptive_sampling(graph, options.dims);
  });
  return graph;
}

std::shared_ptr<const Formatter> pick_formatter(const PluginRegistry& registry,
                                                const Options& options) {
  std::string name = options.format;
  if (name == "auto") {
    if (options.output) {
      if (auto [found, formatter] =
              registry.formatter_for_extension(options.output->extension().string());
          formatter) {
        return formatter;
      }
    }
    name = "markdown";
  }
  if (auto formatter = registry.formatter(name)) return formatter;
  throw Error(fmt::format("no output format '{}' (loaded formatters: {})", name,
                          fmt::join(registry.formatter_names(), ", ")));
}

// The finished text to --output, or to stdout; a failed write (a full disk, `> /dev/full`, a closed
// pipe) is an error, never a silent exit 0.
void emit(const Options& options, const std::string& text, std::ostream& out) {
  if (options.output) {
    write_output_file(*options.output, text);
    return;
  }
  out << text;
  out.flush();
  if (!out) throw Error("standard output: cannot write output");
}

// --hardware and --dtype: the profile's peak at the run precision, and its bandwidth.
std::optional<RooflineTarget> roofline_target(const Options& options) {
  if (!options.hardware) return std::nullopt;
  const HardwareProfile profile = load_hardware_profile(*options.hardware);
  const std::string precision = options.precision.value_or("fp32");
  const auto peak = profile.peak_ops_per_s.find(precision);
  if (peak == profile.peak_ops_per_s.end()) {
    throw Error(fmt::format("{}: the profile gives no peak for {} (--dtype)", profile.file.string(),
                            precision));
  }
  return RooflineTarget{profile.name, precision, peak->second, profile.memory_bytes_per_s};
}

// --color: never into a file; `always` into anything else; `auto` only onto a terminal that has
// not asked for none (https://no-color.org: NO_COLOR set and non-empty; TERM=dumb).
bool wants_color(const Options& options, const std::ostream& out) {
  if (options.output || options.color == ColorMode::never) return false;
  if (options.color == ColorMode::always) return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return &out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
}

// The report of one model, as every output format gets it.
Report model_report(const PluginRegistry& registry, const Options& options,
                    const std::ostream& out) {
  if (needs_hardware(options.columns) && !options.hardware) {
    throw Error("the time and bound columns need a hardware profile (--hardware NAME)");
  }
  // The profile is read first: a typo in it fails before a slow model load.
  const std::optional<RooflineTarget> roofline = roofline_target(options);
  std::string frontend_name;
  Graph graph = load_model(registry, options, frontend_name);
  if (options.precision) {
    cast_float_tensors(graph, precision_dtype(*options.precision));
    graph.notes.push_back(fmt::format("floating-point tensors priced as {} (--dtype {})",
                                      dtype_name(precision_dtype(*options.precision)),
                                      *options.precision));
  }
  if (options.filter.active()) {
    graph = keep_ops(graph, select_ops(graph, registry, options.filter));
  }
  ReportOptions report_options;
  report_options.metric = options.metric;
  report_options.sort = options.sort;
  report_options.max_depth = options.max_depth;
  report_options.strict = options.strict;
  report_options.roofline = roofline;
  report_options.view = options.view;
  report_options.hide_zero = options.hide_zero;
  report_options.columns = options.columns;
  Report report =
      naming_model(options.model, [&] { return make_report(graph, registry, report_options); });
  if (self_check_requested()) self_check(graph, registry, options.model);
  if (report.model.empty()) report.model = options.model.stem().string();
  report.source = options.model.string();
  report.frontend = frontend_name;
  if (options.filter.active()) report.filter = options.filter.caption();
  report.color = wants_color(options, out);
  return report;
}

// Renders in memory first, so a failure leaves no half-written output; any exception of the
// formatter's becomes one error line naming the format.
template <class Render>
std::string render_text(const Options& options, Render render) {
  std::ostringstream text;
  try {
    render(text);
  } catch (const std::exception& e) {
    throw Error(fmt::format("output format '{}' failed: {}", options.format, e.what()));
  } catch (...) {
    throw Error(
        fmt::format("output format '{}' failed with a non-standard exception", options.format));
  }
  return text.str();
}

int analyze(const PluginRegistry& registry, const Options& options, std::ostream& out) {
  const auto formatter = pick_formatter(registry, options);
  const Report report = model_report(registry, options, out);
  emit(options, render_text(options, [&](std::ostream& text) { formatter->render(report, text); }),
       out);
  return 0;
}

// The module-table reports of several models, read in this one process (one libtorch load, one
// registry). `what` says, in the error, which table only module views make.
std::vector<Report> module_reports(const PluginRegistry& registry, const std::vector<Options>& all,
                                   std::ostream& out, std::string_view what) {
  std::vector<Report> reports;
  for (const Options& options : all) {
    if (options.view != ReportView::modules) {
      throw Error(fmt::format("{}; --by-op and --ops are for one model", what));
    }
    reports.push_back(model_report(registry, options, out));
  }
  return reports;
}

// --compare: every model's report, then one table of them. The output options (format, -o) are
// the first model's (its config, then the command line).
int compare(const PluginRegistry& registry, const std::vector<Options>& all, std::ostream& out) {
  const Options& first = all.front();
  const auto formatter = pick_formatter(registry, first);
  const Comparison comparison =
      compare_reports(module_reports(registry, all, out, "--compare shows module tables"));
  emit(first,
       render_text(first,
                   [&](std::ostream& text) { formatter->render_comparison(comparison, text); }),
       out);
  return 0;
}

// graphstat A B C ...: one table of a row per model. The output options are the first model's, as
// with --compare.
int summarize(const PluginRegistry& registry, const std::vector<Options>& all, std::ostream& out) {
  const Options& first = all.front();
  const auto formatter = pick_formatter(registry, first);
  const Report summary =
      summarize_models(module_reports(registry, all, out, "several models make one row each"));
  emit(first, render_text(first, [&](std::ostream& text) { formatter->render(summary, text); }),
       out);
  return 0;
}

// Reads the model with whatever frontend and writes it back as a graphstat JSON graph.
int convert(const PluginRegistry& registry, const Options& options, std::ostream& out) {
  std::string frontend_name;
  Graph graph = load_model(registry, options, frontend_name);
  if (graph.name.empty()) graph.name = options.model.stem().string();
  std::ostringstream text;
  write_json_graph(graph, text);
  emit(options, text.str(), out);
  return 0;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    const CommandLine cli = parse_command_line(argc, argv);
    switch (cli.action) {
      case CommandLine::Action::help:
        out << cli.help_text;
        return 0;
      case CommandLine::Action::version:
        out << fmt::format("graphstat {} (plugin ABI {}, {})\n", GRAPHSTAT_VERSION,
                           kPluginAbiVersion, GRAPHSTAT_BUILD_ID);
        return 0;
      case CommandLine::Action::list_plugins: {
        // With --config, the config's plugins are listed too: the ones a run with it would use.
        PluginRegistry registry;
        load_plugins(registry, resolve_options(cli).plugins, err);
        list_plugins(registry, out);
        return 0;
      }
      case CommandLine::Action::compare:
      case CommandLine::Action::summary: {
        const std::vector<Options> all = resolve_compared_options(cli);
        PluginRegistry registry;
        load_plugins(registry, all.front().plugins, err);
        return cli.action == CommandLine::Action::compare ? compare(registry, all, out)
                                                          : summarize(registry, all, out);
      }
      case CommandLine::Action::analyze:
      case CommandLine::Action::convert:
        break;
    }
    const Options options = resolve_options(cli);
    PluginRegistry registry;
    load_plugins(registry, options.plugins, err);
    return cli.action == CommandLine::Action::convert ? convert(registry, options, out)
                                                      : analyze(registry, options, out);
  } catch (const std::exception& e) {
    out.flush();
    err << "graphstat: error: " << printable(e.what()) << '\n';
    return 1;
  } catch (...) {
    out.flush();
    err << "graphstat: error: a non-standard exception\n";
    return 1;
  }
}

}  // namespace graphstat
