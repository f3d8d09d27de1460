#pragma once
/// One options struct, two sources: a YAML config (docs/config.md) and the command line.
/// Precedence: command line, then config, then the defaults below.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graphstat/analysis.hpp"
#include "graphstat/frontend.hpp"
#include "graphstat/op_filter.hpp"
#include "graphstat/report.hpp"

namespace graphstat {

/// --color: ANSI colors in a terminal's report (docs/config.md, "Color").
enum class ColorMode {
  automatic,  ///< When stdout is a terminal, NO_COLOR is unset or empty and TERM is not "dumb".
  always,     ///< Also into a pipe (`| less -R`); never into an --output file.
  never,
};

struct Options {
  std::filesystem::path model;    ///< The model file to analyze.
  std::string frontend = "auto";  ///< Frontend name, or "auto" (by extension, then by content).
  std::vector<InputSpec> inputs;  ///< Input shape bindings.
  /// Symbolic dims bound by name; the command line's --dim add to and override the config's.
  DimValues dims;
  Metric metric = Metric::macs;
  std::optional<int> max_depth;  ///< Unlimited when absent.
  SortKey sort = SortKey::name;
  std::string format = "auto";  ///< Formatter name, or "auto" (by output extension, else markdown).
  std::optional<std::filesystem::path> output;  ///< stdout when absent.
  std::vector<std::filesystem::path> plugins;   ///< Extra plugin libraries or directories.
  bool strict = false;                          ///< Unpriced ops are an error.
  /// A hardware profile for the roofline estimate: a shipped name (configs/hardware/) or a path.
  std::optional<std::string> hardware;
  /// Precision the model runs at (fp32, tf32, fp16, bf16, int8): floating tensors are re-priced at
  /// its size and the profile's peak for it is used. Absent: tensors as the file says, fp32 peak.
  std::optional<std::string> precision;
  ReportView view = ReportView::modules;   ///< --by-op, --ops
  OpFilter filter;                         ///< --only, --module
  bool hide_zero = false;                  ///< --hide-zero: drop rows whose every figure is 0.
  ColorMode color = ColorMode::automatic;  ///< --color
  std::vector<Column> columns;             ///< --columns; empty: each formatter's default.
  Limits limits;                           ///< A config's `limits:` section.
};

/// Reads a YAML config. Relative `model` and `plugins` paths are relative to the config file.
/// Unknown keys, wrong types and bad values are graphstat::Error with file:line.
Options load_config(const std::filesystem::path& file);

/// Parses `1x3x224x224`, `x=1x3x224x224` or `x=1x3x224x224:float16`; throws graphstat::Error.
InputSpec parse_input_spec(std::string_view text);

/// Parses `NAME=VALUE` (a symbolic dim binding, VALUE >= 0); throws graphstat::Error.
std::pair<std::string, std::int64_t> parse_dim_binding(std::string_view text);

/// Parses `1x3x224x224` (also accepts `1,3,224,224`); throws graphstat::Error naming `what`.
Shape parse_shape(std::string_view text, std::string_view what);

}  // namespace graphstat
