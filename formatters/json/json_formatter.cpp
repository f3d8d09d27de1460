#include "json_formatter.hpp"

#include <nlohmann/json.hpp>

#include "common/comparison_cells.hpp"
#include "common/report_walk.hpp"

namespace graphstat::formatters {
namespace {

// Keys stay in the documented order, which makes the output easy to read and to diff.
using Json = nlohmann::ordered_json;

Json parameter_json(const ParamRow& param) {
  return {{"name", param.name}, {"shape", param.shape}, {"numel", param.numel}};
}

// JSON holds every figure of a row whatever the columns; the shapes only when a column asked for
// them (they are computed only then).
Json node_json(const ModuleStats& row, bool roofline, bool shapes) {
  Json parameters = Json::array();
  for (const ParamRow& param : row.param_rows) parameters.push_back(parameter_json(param));
  Json children = Json::array();
  for (const ModuleStats& child : row.children) {
    children.push_back(node_json(child, roofline, shapes));
  }
  Json node = {
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
      {"peak_activation_bytes", row.peak_live_bytes},
      {"op_count", row.op_count},
      {"calls", row.calls},
      // Where the file says whether parameters train (TorchScript), else null.
      {"trainable_params", row.trainability_known() ? Json(row.trainable_params()) : Json(nullptr)},
      {"frozen_params", row.trainability_known() ? Json(row.frozen_params) : Json(nullptr)},
      {"unresolved_ops", row.unresolved_ops},
      {"lower_bound", row.is_lower_bound()},
  };
  if (roofline) {
    node["seconds"] = row.seconds;
    node["compute_bound_seconds"] = row.compute_bound_seconds;
    node["bound"] = row.seconds > 0 ? bound_cell(row) : "";
  }
  if (shapes) {
    node["input_shapes"] = row.input_shapes;
    node["output_shapes"] = row.output_shapes;
  }
  node["parameters"] = std::move(parameters);
  node["children"] = std::move(children);
  return node;
}

Json roofline_json(const RooflineSummary& roofline, const ModuleStats& root) {
  Json bottlenecks = Json::array();
  for (const Bottleneck& b : roofline.bottlenecks) {
    bottlenecks.push_back({{"module", b.module},
                           {"seconds", b.seconds},
                           {"share", b.share},
                           {"bound", bound_name(b.compute_bound)},
                           {"why", b.why}});
  }
  return {{"profile", roofline.profile},
          {"precision", roofline.precision},
          {"peak_ops_per_s", roofline.peak_ops_per_s},
          {"memory_bytes_per_s", roofline.memory_bytes_per_s},
          {"ridge_point", roofline.ridge_point()},
          {"seconds", root.seconds},
          {"compute_bound_seconds", root.compute_bound_seconds},
          {"bottlenecks", std::move(bottlenecks)}};
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
      {"peak_activation_bytes", root.peak_live_bytes},
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

Json by_op_json(const Report& report) {
  Json out = Json::array();
  for (const OpTypeTotals& t : report.by_op) {
    Json entry = {{"op", t.op},
                  {"count", t.count},
                  {"macs", t.macs},
                  {"flops", t.flops},
                  {"memory_bytes", t.memory_bytes()},
                  {"input_bytes", t.input_bytes},
                  {"output_bytes", t.output_bytes},
                  {"weight_bytes", t.weight_bytes},
                  {"unpriced", t.unpriced},
                  {"unresolved", t.unresolved}};
    if (report.roofline) entry["seconds"] = t.seconds;
    out.push_back(std::move(entry));
  }
  return out;
}

Json ops_json(const Report& report) {
  Json out = Json::array();
  for (const OpRecord& op : report.ops) {
    Json entry = {{"index", op.index},
                  {"name", op.name},
                  {"op", op.op},
                  {"source_op", op.source_op},
                  {"module", op.module},
                  {"input_shapes", op.input_shapes},
                  {"output_shapes", op.output_shapes},
                  {"macs", op.macs},
                  {"flops", op.flops},
                  {"memory_bytes", op.memory_bytes()},
                  {"input_bytes", op.input_bytes},
                  {"output_bytes", op.output_bytes},
                  {"weight_bytes", op.weight_bytes},
                  {"priced", op.priced},
                  {"resolved", op.resolved}};
    if (report.roofline) entry["seconds"] = op.seconds;
    out.push_back(std::move(entry));
  }
  return out;
}

// --compare: per node, each model's figures (null where it lacks the row) and, per later model,
// the deltas from the first (absolute and relative; null where either lacks the row).
Json compared_node_json(const Comparison& c, const ComparedRow& row) {
  Json models = Json::array();
  Json deltas = Json::array();
  for (std::size_t m = 0; m < row.per_model.size(); ++m) {
    const ModuleStats* s = row.per_model[m];
    if (s == nullptr) {
      models.push_back(nullptr);
    } else {
      Json figures = totals_json(*s);
      figures["op_count"] = s->op_count;
      figures["calls"] = s->calls;
      figures["unresolved_ops"] = s->unresolved_ops;
      if (c.reports[m].roofline) figures["seconds"] = s->seconds;
      models.push_back(std::move(figures));
    }
    if (m == 0) continue;
    if (s == nullptr || row.per_model[0] == nullptr) {
      deltas.push_back(nullptr);
      continue;
    }
    Json d = Json::object();
    for (const auto& [key, column] : {std::pair{"params", ColumnKey::params},
                                      {"macs", ColumnKey::macs},
                                      {"flops", ColumnKey::flops},
                                      {"memory_bytes", ColumnKey::memory}}) {
      const Delta delta = column_delta(s, row.per_model[0], Column{column});
      // Exact: an integer delta as an integer, however large.
      d[key] = delta.negative ? Json(-static_cast<double>(delta.magnitude)) : Json(delta.magnitude);
      if (delta.negative && delta.magnitude <= static_cast<std::uint64_t>(INT64_MAX)) {
        d[key] = -static_cast<std::int64_t>(delta.magnitude);
      }
      d[std::string(key) + "_rel"] = delta.relative_known ? Json(delta.relative) : Json(nullptr);
    }
    deltas.push_back(std::move(d));
  }
  Json children = Json::array();
  for (const ComparedRow& child : row.children) children.push_back(compared_node_json(c, child));
  return {{"name", row.name},   {"kind", kind_name(row.kind)},
          {"depth", row.depth}, {"models", models},
          {"deltas", deltas},   {"children", children}};
}

}  // namespace

std::vector<std::string> JsonFormatter::extensions() const { return {".json"}; }

void JsonFormatter::render_comparison(const Comparison& comparison, std::ostream& out) const {
  Json models = Json::array();
  for (std::size_t m = 0; m < comparison.reports.size(); ++m) {
    const Report& r = comparison.reports[m];
    models.push_back({{"label", comparison.labels[m]},
                      {"model", r.model},
                      {"source", r.source},
                      {"frontend", r.frontend},
                      {"metric", r.metric == Metric::macs ? "macs" : "flops"},
                      {"totals", totals_json(r.root)}});
  }
  Json columns = Json::array();
  for (const Column& c : comparison.columns) columns.push_back(column_name(c));
  const Json document = {{"schema_version", kSchemaVersion},
                         {"comparison", std::move(models)},
                         {"columns", std::move(columns)},
                         {"modules", compared_node_json(comparison, comparison.root)}};
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

void JsonFormatter::render(const Report& report, std::ostream& out) const {
  Json unsupported = Json::object();
  for (const auto& [op, count] : report.unsupported_ops) unsupported[op] = count;

  Json document = {
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
      {"filter", report.filter.empty() ? Json(nullptr) : Json(report.filter)},
  };
  // Additive to schema 1: present only with a hardware profile.
  if (report.roofline) document["hardware"] = roofline_json(*report.roofline, report.root);
  if (report.view == ReportView::by_op) document["by_op"] = by_op_json(report);
  if (report.view == ReportView::ops) document["ops"] = ops_json(report);
  // Additive to schema 1: the columns a user chose (--columns), for a consumer that shows them.
  if (!report.columns.empty()) {
    Json columns = Json::array();
    for (const Column& c : report.columns) columns.push_back(column_name(c));
    document["columns"] = std::move(columns);
  }
  document["modules"] =
      node_json(report.root, report.roofline.has_value(), needs_module_shapes(report.columns));
  // Names come from model files; replace invalid UTF-8 rather than fail the whole report.
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace graphstat::formatters
