#include "model_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>

#include "graphstat/checked.hpp"

namespace graphstat {
namespace {

void add_row(ModuleStats& sum, const ModuleStats& row) {
  checked_add_to(sum.params, row.params, "parameters");
  checked_add_to(sum.frozen_params, row.frozen_params, "parameters");
  checked_add_to(sum.unknown_trainability_params, row.unknown_trainability_params, "parameters");
  checked_add_to(sum.macs, row.macs, "MACs");
  checked_add_to(sum.flops, row.flops, "FLOPs");
  checked_add_to(sum.input_bytes, row.input_bytes, "input bytes");
  checked_add_to(sum.output_bytes, row.output_bytes, "output bytes");
  checked_add_to(sum.weight_bytes, row.weight_bytes, "weight bytes");
  checked_add_to(sum.op_count, row.op_count, "ops");
  checked_add_to(sum.calls, row.calls, "calls");
  checked_add_to(sum.unresolved_ops, row.unresolved_ops, "unresolved ops");
  // The models run one after another, not together.
  sum.peak_live_bytes = std::max(sum.peak_live_bytes, row.peak_live_bytes);
  sum.seconds += row.seconds;
  sum.compute_bound_seconds += row.compute_bound_seconds;
}

std::string row_name(const Report& report) {
  return std::filesystem::path(report.source).filename().string();
}

}  // namespace

Report summarize_models(std::vector<Report> reports) {
  Report summary;
  summary.model = fmt::format("{} models", reports.size());
  summary.root.name = "total";
  summary.root.kind = RowKind::model;
  std::vector<std::string> sources;
  for (std::size_t k = 0; k < reports.size(); ++k) {
    Report& report = reports[k];
    sources.push_back(report.source);
    ModuleStats row = std::move(report.root);
    // The file's name: the same model from .pt and .onnx is two rows told apart.
    row.name = row_name(report);
    row.kind = RowKind::module;
    row.depth = 1;
    row.first_op = k;  // --sort order: the order given.
    row.children.clear();
    row.param_rows.clear();
    add_row(summary.root, row);
    summary.root.children.push_back(std::move(row));
    for (const auto& [op, count] : report.unsupported_ops) {
      checked_add_to(summary.unsupported_ops[op], count, "unsupported ops");
    }
    for (UnresolvedOp op : report.unresolved) {
      op.module = op.module.empty() ? row_name(report) : row_name(report) + "." + op.module;
      summary.unresolved.push_back(std::move(op));
    }
    if (k == 0) {
      summary.metric = report.metric;
      summary.columns = report.columns;
      summary.color = report.color;
      summary.frontend = report.frontend;
    } else if (summary.frontend != report.frontend) {
      summary.frontend = "several";
    }
  }
  summary.source = fmt::format("{}", fmt::join(sources, ", "));
  return summary;
}

}  // namespace graphstat
