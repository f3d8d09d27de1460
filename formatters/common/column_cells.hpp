#pragma once
/// The chosen columns of the module table (Report::columns, --columns) as headings and cells, the
/// same in every human-readable format. Header-only, like report_walk.hpp.

#include <fmt/format.h>

#include <string>
#include <vector>

#include "common/report_walk.hpp"
#include "graphstat/columns.hpp"
#include "graphstat/report.hpp"

namespace graphstat::formatters {

/// The columns a table shows: the chosen ones, else the default for the report's metric and
/// hardware profile (params, MACs or FLOPs, memory; time, bound, time % with a profile).
inline std::vector<Column> table_columns(const Report& report) {
  return report.columns.empty() ? default_columns(report.metric, report.roofline.has_value())
                                : report.columns;
}

inline std::string column_heading(Column column) {
  std::string name;
  switch (column.key) {
    case ColumnKey::params:
      name = column.percent ? "Params" : "#Parameters";
      break;
    case ColumnKey::trainable:
      name = "Trainable";
      break;
    case ColumnKey::frozen:
      name = "Frozen";
      break;
    case ColumnKey::macs:
      name = "MACs";
      break;
    case ColumnKey::flops:
      name = "FLOPs";
      break;
    case ColumnKey::memory:
      name = "Memory";
      break;
    case ColumnKey::peak:
      name = "Peak";
      break;
    case ColumnKey::input_bytes:
      name = "Input";
      break;
    case ColumnKey::output_bytes:
      name = "Output";
      break;
    case ColumnKey::weight_bytes:
      name = "Weights";
      break;
    case ColumnKey::intensity:
      name = "FLOPs/byte";
      break;
    case ColumnKey::ops:
      name = "Ops";
      break;
    case ColumnKey::calls:
      name = "Calls";
      break;
    case ColumnKey::input_shapes:
      name = "Input shapes";
      break;
    case ColumnKey::output_shapes:
      name = "Output shapes";
      break;
    case ColumnKey::time:
      name = "Time";
      break;
    case ColumnKey::bound:
      name = "Bound";
      break;
  }
  return column.percent ? name + " %" : name;
}

/// "12" for a plain count, blank for zero.
inline std::string plain_count_cell(std::uint64_t value) {
  return value == 0 ? std::string() : fmt::format("{}", value);
}

/// The row's share of the model's total, "12.3%"; blank when either is zero.
inline std::string percent_cell(const ModuleStats& row, Column column, const ModuleStats& root) {
  // The share as the core computes it for every format (column_value), so the table's text is
  // exactly the CSV's fraction, rounded.
  const ColumnValue share = column_value(row, column, root);
  if (!share.known || share.number <= 0) return {};
  return fmt::format("{:.1f}%", 100.0 * share.number);
}

/// A module or op row's cell: as the default table shows it (blank zeros, ≥ for lower bounds).
inline std::string column_cell(const ModuleStats& row, Column column, const ModuleStats& root) {
  if (column.percent) return percent_cell(row, column, root);
  switch (column.key) {
    case ColumnKey::params:
      return count_cell(row.params);
    case ColumnKey::trainable:
      // Blank where the file does not say (ONNX) for some parameter of the row.
      return row.trainability_known() ? count_cell(row.trainable_params()) : std::string();
    case ColumnKey::frozen:
      return row.trainability_known() ? count_cell(row.frozen_params) : std::string();
    case ColumnKey::macs:
      return count_cell(row, row.macs);
    case ColumnKey::flops:
      return count_cell(row, row.flops);
    case ColumnKey::memory:
      return bytes_cell(row, row.memory_bytes());
    case ColumnKey::peak:
      // Alive during a row's ops are tensors from anywhere in the model: a lower bound wherever
      // some tensor's size is unknown.
      return bytes_cell(root, row.peak_live_bytes);
    case ColumnKey::input_bytes:
      return bytes_cell(row, row.input_bytes);
    case ColumnKey::output_bytes:
      return bytes_cell(row, row.output_bytes);
    case ColumnKey::weight_bytes:
      return bytes_cell(row, row.weight_bytes);
    case ColumnKey::intensity:
      // A lower bound's FLOPs and bytes are both partial: their ratio means nothing.
      if (row.memory_bytes() == 0 || row.is_lower_bound()) return {};
      return fmt::format("{:.2f}", row.arithmetic_intensity());
    case ColumnKey::ops:
      return plain_count_cell(row.op_count);
    case ColumnKey::calls:
      return plain_count_cell(row.calls);
    case ColumnKey::input_shapes:
      return fmt::format("{}", fmt::join(row.input_shapes, "; "));
    case ColumnKey::output_shapes:
      return fmt::format("{}", fmt::join(row.output_shapes, "; "));
    case ColumnKey::time:
      return time_cell(row);
    case ColumnKey::bound:
      return bound_cell(row);
  }
  return {};
}

/// True when the table has a parameter column, where parameter rows show their shapes.
inline bool shows_params(const std::vector<Column>& columns) {
  for (const Column& c : columns) {
    if (c.key == ColumnKey::params && !c.percent) return true;
  }
  return false;
}

}  // namespace graphstat::formatters
