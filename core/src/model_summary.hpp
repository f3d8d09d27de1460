#pragma once
// Several models analyzed in one run (graphstat A B C ...): one table, one row per model.

#include <vector>

#include "graphstat/report.hpp"

namespace graphstat {

/// A report whose rows are the models: each row holds its model's totals (its module tree is not
/// kept), named after the model's file; the root, "total", sums them (params, MACs, FLOPs, bytes,
/// ops), except the peak, the largest of theirs. Unsupported and unresolved ops are gathered, the
/// unresolved under their model's name.
Report summarize_models(std::vector<Report> reports);

}  // namespace graphstat
