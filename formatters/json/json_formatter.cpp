#include "json_formatter.hpp"

#include <nlohmann/json.hpp>

#include "common/report_walk.hpp"

namespace graphstat::formatters {
namespace {

// Keys stay in the documented order, which makes the output easy to read and to diff.
using Json = nlohmann::ordered_json;

Json parameter_json(const ParamRow& param) {
  return {{"name", param.name}, {"shape", param.shape}, {"numel", param.numel}};
}

Json node_json(const ModuleStats& row) {
  Json parameters = Json::array();
  for (const ParamRow& param : row.param_rows) parameters.push_back(parameter_json(param));
  Json children = Json::array();
  for (const ModuleStats& child : row.children) children.push_back(node_json(child));
  return {
      {"name", row.name},
      {"kind", kind_name(row.kind)},
      {"depth", row.depth},
      {"params", row.params},
      {"macs", row.macs},
      {"flops", row.flops},
      {"memory_bytes", row.memory_bytes()},
      {"input_bytes", row.input_bytes},
      {"output_bytes", row.output_bytes},
      {"weight_bytes", row.weight_bytes},
      {"op_count", row.op_count},
      {"unresolved_ops", row.unresolved_ops},
      {"lower_bound", row.is_lower_bound()},
      {"parameters", std::move(parameters)},
      {"children", std::move(children)},
  };
}

Json totals_json(const ModuleStats& root) {
  return {
      {"params", root.params},
      {"macs", root.macs},
      {"flops", root.flops},
      {"memory_bytes", root.memory_bytes()},
      {"input_bytes", root.input_bytes},
      {"output_bytes", root.output_bytes},
      {"weight_bytes", root.weight_bytes},
      {"arithmetic_intensity", root.arithmetic_intensity()},
      {"lower_bound", root.is_lower_bound()},
  };
}

Json unresolved_json(const Report& report) {
  Json ops = Json::array();
  for (const UnresolvedOp& op : report.unresolved) {
    ops.push_back({{"name", op.name},
                   {"source_op", op.source_op},
                   {"module", op.module},
                   {"waits_on", op.waits_on}});
  }
  return ops;
}

Json bindings_json(const Report& report) {
  Json bindings = Json::array();
  for (const DimBinding& b : report.bindings) {
    Json binding = {{"name", b.name}, {"value", b.value}, {"defaulted", b.defaulted}};
    if (!b.pattern.empty()) binding["pattern"] = b.pattern;
    bindings.push_back(std::move(binding));
  }
  return bindings;
}

}  // namespace

std::vector<std::string> JsonFormatter::extensions() const { return {".json"}; }

void JsonFormatter::render(const Report& report, std::ostream& out) const {
  Json unsupported = Json::object();
  for (const auto& [op, count] : report.unsupported_ops) unsupported[op] = count;

  const Json document = {
      {"schema_version", kSchemaVersion},
      {"model", report.model},
      {"source", report.source},
      {"frontend", report.frontend},
      {"metric", report.metric == Metric::macs ? "macs" : "flops"},
      {"totals", totals_json(report.root)},
      {"unsupported_ops", std::move(unsupported)},
      {"unresolved_ops", unresolved_json(report)},
      {"bindings", bindings_json(report)},
      {"notes", report.notes},
      {"modules", node_json(report.root)},
  };
  // Names come from model files; replace invalid UTF-8 rather than fail the whole report.
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace graphstat::formatters
