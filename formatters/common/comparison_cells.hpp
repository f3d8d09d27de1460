#pragma once
/// The columns of a comparison table (--compare) as headings and cells, the same in markdown and
/// HTML: each chosen column once per model, then per later model its delta from the first and the
/// relative delta. Header-only, like report_walk.hpp.

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "common/column_cells.hpp"
#include "graphstat/comparison.hpp"
#include "graphstat/units.hpp"

namespace graphstat::formatters {

struct ComparedColumn {
  std::string heading;
  std::function<std::string(const ComparedRow&)> cell;
};

/// "+1.234M", "-12.00KB", "0": a delta in the column's own unit.
inline std::string delta_text(double delta, Column column) {
  if (delta == 0) return "0";
  const char* sign = delta > 0 ? "+" : "-";
  const double size = std::fabs(delta);
  const auto whole = static_cast<std::uint64_t>(std::llround(size));
  switch (column.key) {
    case ColumnKey::memory:
    case ColumnKey::input_bytes:
    case ColumnKey::output_bytes:
    case ColumnKey::weight_bytes:
      return sign + format_bytes(whole);
    case ColumnKey::intensity:
      return fmt::format("{}{:.2f}", sign, size);
    case ColumnKey::time:
      return sign + format_duration(size);
    case ColumnKey::ops:
    case ColumnKey::calls:
      return fmt::format("{}{}", sign, whole);
    default:
      return sign + format_count(whole);
  }
}

/// "+12.3%", "0.0%"; blank when the baseline is zero or a row is missing.
inline std::string relative_text(const Delta& d) {
  if (!d.known || !d.relative_known) return {};
  if (d.absolute == 0) return "0.0%";
  return fmt::format("{:+.1f}%", 100.0 * d.relative);
}

/// "A", "B", ...: a model's letter in table headings (after Z: "M27").
inline std::string model_letter(std::size_t m) {
  return m < 26 ? std::string(1, static_cast<char>('A' + m)) : fmt::format("M{}", m + 1);
}

/// Headings name models by letter (a table of several models' columns is wide enough); the
/// legend above it says which file each letter is.
inline std::vector<ComparedColumn> compared_columns(const Comparison& c) {
  std::vector<ComparedColumn> out;
  const std::size_t models = c.reports.size();
  for (const Column& column : c.columns) {
    for (std::size_t m = 0; m < models; ++m) {
      out.push_back({fmt::format("{} {}", column_heading(column), model_letter(m)),
                     [&c, column, m](const ComparedRow& row) {
                       const ModuleStats* s = row.per_model[m];
                       return s == nullptr ? std::string()
                                           : column_cell(*s, column, c.reports[m].root);
                     }});
    }
    if (!has_delta(column)) continue;
    for (std::size_t m = 1; m < models; ++m) {
      out.push_back({fmt::format("Δ {} {}", column_heading(column), model_letter(m)),
                     [column, m](const ComparedRow& row) {
                       const Delta d = column_delta(row.per_model[m], row.per_model[0], column);
                       return d.known ? delta_text(d.absolute, column) : std::string();
                     }});
      out.push_back({fmt::format("Δ% {} {}", column_heading(column), model_letter(m)),
                     [column, m](const ComparedRow& row) {
                       return relative_text(
                           column_delta(row.per_model[m], row.per_model[0], column));
                     }});
    }
  }
  return out;
}

/// Every row of the compared tree, parent before children.
template <class Visit>
void walk_compared(const ComparedRow& row, Visit&& visit, const ComparedRow* parent = nullptr) {
  visit(row, parent);
  for (const ComparedRow& child : row.children) walk_compared(child, visit, &row);
}

/// "A = models/resnet18.onnx (onnx frontend)": which file a letter is.
inline std::string compared_model_text(const Comparison& c, std::size_t m) {
  return fmt::format("{} = {} ({} frontend)", model_letter(m), c.reports[m].source,
                     c.reports[m].frontend);
}

}  // namespace graphstat::formatters
