#include "graphstat/comparison.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <optional>
#include <unordered_map>

#include "graphstat/columns.hpp"
#include "graphstat/error.hpp"

namespace graphstat {
namespace {

// Adds `row` (of model `m`) and its subtree under `into`, matching children by name.
void merge(ComparedRow& into, const ModuleStats& row, std::size_t m, std::size_t models) {
  into.per_model.resize(models, nullptr);
  into.per_model[m] = &row;
  // Keys are copies: a view into a child's name would dangle when `children` grows.
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < into.children.size(); ++k) index.emplace(into.children[k].name, k);
  for (const ModuleStats& child : row.children) {
    auto it = index.find(child.name);
    if (it == index.end()) {
      ComparedRow fresh;
      fresh.name = child.name;
      fresh.kind = child.kind;
      fresh.depth = child.depth;
      into.children.push_back(std::move(fresh));
      it = index.emplace(into.children.back().name, into.children.size() - 1).first;
    }
    merge(into.children[it->second], child, m, models);
  }
}

void pad(ComparedRow& row, std::size_t models) {
  row.per_model.resize(models, nullptr);
  for (auto& child : row.children) pad(child, models);
}

// The file's stem ("resnet18"); its name where stems clash (resnet18.onnx, resnet18.pt); and its
// position too where names clash (two configs of one model file).
std::vector<std::string> labels_of(const std::vector<Report>& reports) {
  std::vector<std::string> stems, names, labels;
  std::unordered_map<std::string, int> stem_count, name_count;
  for (const Report& r : reports) {
    const std::filesystem::path source(r.source);
    stems.push_back(source.stem().string());
    names.push_back(source.filename().string());
    ++stem_count[stems.back()];
    ++name_count[names.back()];
  }
  for (std::size_t k = 0; k < reports.size(); ++k) {
    if (stem_count[stems[k]] == 1) {
      labels.push_back(stems[k]);
    } else if (name_count[names[k]] == 1) {
      labels.push_back(names[k]);
    } else {
      labels.push_back(fmt::format("#{} {}", k + 1, names[k]));
    }
  }
  return labels;
}

double value_of(const ModuleStats& row, ColumnKey key) {
  const ColumnValue v = column_value(row, Column{key, false}, row);
  return v.kind == ColumnValue::Kind::count ? static_cast<double>(v.count) : v.number;
}

}  // namespace

Comparison compare_reports(std::vector<Report> reports) {
  if (reports.size() < 2) throw Error("--compare needs at least two models");
  Comparison c;
  c.reports = std::move(reports);
  c.labels = labels_of(c.reports);
  c.root.name = "model";
  c.root.kind = RowKind::model;
  for (std::size_t m = 0; m < c.reports.size(); ++m) {
    merge(c.root, c.reports[m].root, m, c.reports.size());
  }
  pad(c.root, c.reports.size());
  const Report& first = c.reports.front();
  c.columns = first.columns.empty() ? default_columns(first.metric, first.roofline.has_value())
                                    : first.columns;
  return c;
}

bool has_delta(Column column) {
  if (column.percent) return false;
  switch (column.key) {
    case ColumnKey::input_shapes:
    case ColumnKey::output_shapes:
    case ColumnKey::bound:
      return false;
    default:
      return true;
  }
}

namespace {

// The exact integer figure of a column, when it is one and the file says it.
std::optional<std::uint64_t> integer_of(const ModuleStats& row, ColumnKey key) {
  const ColumnValue v = column_value(row, Column{key, false}, row);
  if (v.kind != ColumnValue::Kind::count || !v.known) return std::nullopt;
  return v.count;
}

}  // namespace

std::string Delta::exact_text() const {
  if (!integral) return fmt::format("{}", absolute);
  return fmt::format("{}{}", negative && magnitude != 0 ? "-" : "", magnitude);
}

Delta column_delta(const ModuleStats* row, const ModuleStats* baseline, Column column) {
  Delta d;
  if (row == nullptr || baseline == nullptr || !has_delta(column)) return d;
  const bool about_training = column.key == ColumnKey::trainable || column.key == ColumnKey::frozen;
  if (about_training && (!row->trainability_known() || !baseline->trainability_known())) return d;
  if (const auto value = integer_of(*row, column.key)) {
    const std::uint64_t base = *integer_of(*baseline, column.key);
    d.integral = true;
    d.negative = *value < base;
    d.magnitude = d.negative ? base - *value : *value - base;
  }
  const double value = value_of(*row, column.key);
  const double base = value_of(*baseline, column.key);
  d.known = true;
  d.absolute = value - base;
  if (base != 0) {
    d.relative = d.absolute / base;
    d.relative_known = true;
  }
  return d;
}

}  // namespace graphstat
