#pragma once
/// The columns of the module table (--columns, a config's `columns:`): which figures a report
/// shows, in which order. docs/config.md, "Columns".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace graphstat {

enum class Metric;

enum class ColumnKey {
  params,         ///< Distinct parameters of the subtree.
  trainable,      ///< Of them, the ones that train (requires_grad), where the file says.
  frozen,         ///< The ones that do not.
  macs,           ///< Multiply-accumulates.
  flops,          ///< Floating-point operations.
  memory,         ///< Input + output + weight bytes.
  peak,           ///< Peak live activation bytes while the subtree runs (not summed upward).
  input_bytes,    ///< Activations and constants read.
  output_bytes,   ///< Tensors written.
  weight_bytes,   ///< Parameters and buffers read.
  intensity,      ///< FLOPs per byte of memory.
  ops,            ///< Ops executed in the subtree.
  calls,          ///< Times the module was entered (a shared ReLU: 2).
  input_shapes,   ///< Shapes of the activations the module reads from outside it.
  output_shapes,  ///< Shapes of what it writes that is read outside it (or is a graph output).
  time,           ///< Roofline estimate (--hardware).
  bound,          ///< compute or memory (--hardware).
};

struct Column {
  ColumnKey key = ColumnKey::params;
  bool percent = false;  ///< The row's share of the model's total ("macs%").
  friend bool operator==(const Column&, const Column&) = default;
};

struct ModuleStats;

/// A row's exact value in a column, for the formats that print exact values (CSV, JSON sort keys)
/// and for deltas: a count (params, MACs, bytes, ops, calls), a number (intensity, seconds, and a
/// share as a fraction 0..1) or text (shapes joined by "; ", the bound). `known` is false where the
/// file does not say (whether ONNX parameters train).
struct ColumnValue {
  enum class Kind { count, number, text };
  Kind kind = Kind::count;
  std::uint64_t count = 0;
  double number = 0;
  std::string text;
  bool known = true;
};

/// The value of `column` for `row`; a share is of `root`'s total.
ColumnValue column_value(const ModuleStats& row, Column column, const ModuleStats& root);

/// Parses "params,macs%,memory,input_shapes". Throws graphstat::Error naming `what` (the option
/// or file:line) for an unknown name, a percent of a column that has no total, or an empty list.
std::vector<Column> parse_columns(std::string_view list, std::string_view what);

/// The name parse_columns reads back: "macs", "macs%".
std::string column_name(Column column);

/// Every column name, for help and errors: "params, macs, ...".
std::string known_column_names();

/// What a table shows when no columns are chosen: params, the metric, memory, and with a hardware
/// profile time, bound and time%.
std::vector<Column> default_columns(Metric metric, bool roofline);

/// True when `columns` holds a column that needs a hardware profile (time, bound).
bool needs_hardware(const std::vector<Column>& columns);

/// True when `columns` shows module input or output shapes (they are only computed then).
bool needs_module_shapes(const std::vector<Column>& columns);

}  // namespace graphstat
