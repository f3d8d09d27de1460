#pragma once
// The audit views as Markdown rows: totals per op type (--by-op) and every op (--ops).

#include <vector>

#include "graphstat/report.hpp"
#include "markdown_table.hpp"

namespace graphstat::formatters {

/// | Op | Count | MACs | FLOPs | Memory | Share of <metric> | (Time | Time %) |
std::vector<MarkdownRow> by_op_rows(const Report& report);

/// | # | Module | Op | Source op | Inputs | Outputs | MACs | FLOPs | Memory | (Time) |
std::vector<MarkdownRow> op_rows(const Report& report);

}  // namespace graphstat::formatters
