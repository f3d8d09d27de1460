#pragma once
/// Several models' reports side by side (--compare): one tree whose rows are matched by module
/// path, each holding every model's figures for that row, or nothing where a model lacks it.

#include <cstdint>
#include <string>
#include <vector>

#include "graphstat/report.hpp"

namespace graphstat {

/// One row of the compared tree: a module path present in at least one model.
struct ComparedRow {
  std::string name;  ///< Full dotted path; "model" for the root.
  RowKind kind = RowKind::module;
  int depth = 0;
  /// The row's figures in each model, by model index; null where that model has no such row (a
  /// formatter shows a blank, never a zero).
  std::vector<const ModuleStats*> per_model;
  std::vector<ComparedRow> children;
};

struct Comparison {
  /// The models' reports, in the order given; the first is the baseline deltas are taken from.
  std::vector<Report> reports;
  /// A short, unique label per model for headings: the file's stem, or its name when two stems
  /// are the same.
  std::vector<std::string> labels;
  ComparedRow root;
  /// The columns every model shows (Report::columns of the first, else the default).
  std::vector<Column> columns;
};

/// Matches the rows of `reports` by path. Sibling order: the first model's order, then rows only
/// later models have, in their order. Needs at least two reports.
Comparison compare_reports(std::vector<Report> reports);

/// How a model's figure differs from the baseline's, for the delta columns.
struct Delta {
  bool known = false;   ///< Both models have the row.
  double absolute = 0;  ///< value - baseline.
  /// For integer columns (counts, bytes): the exact |value - baseline| and its sign, since a
  /// double loses digits past 2^53.
  bool integral = false;
  bool negative = false;
  std::uint64_t magnitude = 0;
  /// "-12", "0", "13867520": the exact integer delta, or the double's shortest text.
  std::string exact_text() const;
  double relative = 0;  ///< (value - baseline) / baseline; 0 when the baseline is 0.
  bool relative_known = false;
};

/// The delta of `column` between a model's row and the baseline's (both may be null).
Delta column_delta(const ModuleStats* row, const ModuleStats* baseline, Column column);

/// True for columns whose delta means something (figures, not shapes, bounds or shares).
bool has_delta(Column column);

}  // namespace graphstat
