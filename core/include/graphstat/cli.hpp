#pragma once
/// The graphstat command line: parsing and the whole job. main() only calls run_cli.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "graphstat/options.hpp"

namespace graphstat {

/// What the command line said. Settings are optional so that they override a config only when
/// given.
struct CommandLine {
  enum class Action {
    analyze,  ///< graphstat MODEL: the report.
    convert,  ///< graphstat convert MODEL -o graph.json: the graph in graphstat's JSON format.
    compare,  ///< graphstat --compare A B ...: several models side by side.
    summary,  ///< graphstat A B ...: several models in one process, one row each.
    list_plugins,
    version,
    help,
  };
  Action action = Action::analyze;
  std::string help_text;

  std::optional<std::filesystem::path> config;
  std::optional<std::string> zoo_model;  ///< --model NAME: configs/NAME.yaml of the shipped zoo.
  std::optional<std::filesystem::path> model;
  std::optional<std::string> frontend;
  std::vector<InputSpec> inputs;
  DimValues dims;  ///< --dim NAME=VALUE
  bool flops = false;
  std::optional<int> max_depth;
  std::optional<SortKey> sort;
  std::optional<std::string> format;
  std::optional<std::filesystem::path> output;
  std::vector<std::filesystem::path> plugins;
  bool strict = false;
  std::optional<std::string> hardware;   ///< --hardware NAME|FILE
  std::optional<std::string> precision;  ///< --dtype fp16
  std::optional<ReportView> view;        ///< --by-op, --ops
  std::vector<std::string> only;         ///< --only conv,matmul (repeatable)
  std::vector<std::string> modules;      ///< --module 'layer3.*' (repeatable)
  bool hide_zero = false;
  std::optional<ColorMode> color;  ///< --color auto|always|never
  std::vector<Column> columns;     ///< --columns params,macs%
  /// --compare, or several models for a summary: the models (files, or configs by their
  /// .yaml/.yml extension), in order.
  std::vector<std::filesystem::path> compared;
};

/// Throws graphstat::Error for unknown options and bad values.
CommandLine parse_command_line(int argc, const char* const* argv);

/// Defaults, then the config (--config or --model), then the command line.
Options resolve_options(const CommandLine& cli);

/// With --compare: the options of each compared model, each resolved as if it alone were given
/// (its config, then the command line).
std::vector<Options> resolve_compared_options(const CommandLine& cli);

/// Runs graphstat; returns the process exit code. Errors are printed to err as one line.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace graphstat
