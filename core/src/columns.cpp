#include "graphstat/columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "graphstat/error.hpp"
#include "graphstat/report.hpp"

namespace graphstat {
namespace {

struct ColumnInfo {
  std::string_view name;
  ColumnKey key;
  bool has_total;  // A percent of the model's total means something.
};

constexpr std::array<ColumnInfo, 17> kColumns{{
    {"params", ColumnKey::params, true},
    {"trainable", ColumnKey::trainable, false},
    {"frozen", ColumnKey::frozen, false},
    {"macs", ColumnKey::macs, true},
    {"flops", ColumnKey::flops, true},
    {"memory", ColumnKey::memory, true},
    {"peak", ColumnKey::peak, true},
    {"input", ColumnKey::input_bytes, true},
    {"output", ColumnKey::output_bytes, true},
    {"weights", ColumnKey::weight_bytes, true},
    {"intensity", ColumnKey::intensity, false},
    {"ops", ColumnKey::ops, true},
    {"calls", ColumnKey::calls, false},
    {"input_shapes", ColumnKey::input_shapes, false},
    {"output_shapes", ColumnKey::output_shapes, false},
    {"time", ColumnKey::time, true},
    {"bound", ColumnKey::bound, false},
}};

const ColumnInfo& info(ColumnKey key) {
  return *std::find_if(kColumns.begin(), kColumns.end(),
                       [key](const ColumnInfo& c) { return c.key == key; });
}

}  // namespace

std::string known_column_names() {
  std::string out;
  for (const auto& c : kColumns) {
    out += out.empty() ? "" : ", ";
    out += c.name;
  }
  return out;
}

std::vector<Column> parse_columns(std::string_view list, std::string_view what) {
  std::vector<Column> columns;
  for (std::size_t at = 0; at <= list.size();) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    std::string_view name = list.substr(at, comma - at);
    at = comma + 1;
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) continue;
    Column column;
    if (name.back() == '%') {
      column.percent = true;
      name.remove_suffix(1);
    }
    const auto it = std::find_if(kColumns.begin(), kColumns.end(),
                                 [name](const ColumnInfo& c) { return c.name == name; });
    if (it == kColumns.end()) {
      throw Error(
          fmt::format("{}: unknown column '{}{}' (known: {}; add % for a share of the "
                      "model's total)",
                      what, name, column.percent ? "%" : "", known_column_names()));
    }
    if (column.percent && !it->has_total) {
      throw Error(fmt::format("{}: column '{}%': {} has no model total to take a share of", what,
                              name, name));
    }
    column.key = it->key;
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
      columns.push_back(column);
    }
  }
  if (columns.empty()) {
    throw Error(fmt::format("{}: no columns given (known: {})", what, known_column_names()));
  }
  return columns;
}

std::string column_name(Column column) {
  return fmt::format("{}{}", info(column.key).name, column.percent ? "%" : "");
}

std::vector<Column> default_columns(Metric metric, bool roofline) {
  std::vector<Column> columns{{ColumnKey::params},
                              {metric == Metric::macs ? ColumnKey::macs : ColumnKey::flops},
                              {ColumnKey::memory}};
  if (roofline) {
    columns.insert(columns.end(), {{ColumnKey::time}, {ColumnKey::bound}, {ColumnKey::time, true}});
  }
  return columns;
}

namespace {

ColumnValue count(std::uint64_t value) { return {ColumnValue::Kind::count, value, 0, {}, true}; }
ColumnValue number(double value) { return {ColumnValue::Kind::number, 0, value, {}, true}; }
ColumnValue text(std::string value) {
  return {ColumnValue::Kind::text, 0, 0, std::move(value), true};
}
double share(std::uint64_t value, std::uint64_t total) {
  return total == 0 ? 0.0 : static_cast<double>(value) / static_cast<double>(total);
}

}  // namespace

ColumnValue column_value(const ModuleStats& row, Column column, const ModuleStats& root) {
  ColumnValue plain;
  switch (column.key) {
    case ColumnKey::params:
      plain = count(row.params);
      break;
    case ColumnKey::trainable:
      plain = count(row.trainability_known() ? row.trainable_params() : 0);
      plain.known = row.trainability_known();
      break;
    case ColumnKey::frozen:
      plain = count(row.trainability_known() ? row.frozen_params : 0);
      plain.known = row.trainability_known();
      break;
    case ColumnKey::macs:
      plain = count(row.macs);
      break;
    case ColumnKey::flops:
      plain = count(row.flops);
      break;
    case ColumnKey::memory:
      plain = count(row.memory_bytes());
      break;
    case ColumnKey::peak:
      plain = count(row.peak_live_bytes);
      break;
    case ColumnKey::input_bytes:
      plain = count(row.input_bytes);
      break;
    case ColumnKey::output_bytes:
      plain = count(row.output_bytes);
      break;
    case ColumnKey::weight_bytes:
      plain = count(row.weight_bytes);
      break;
    case ColumnKey::intensity:
      return number(row.arithmetic_intensity());
    case ColumnKey::ops:
      plain = count(row.op_count);
      break;
    case ColumnKey::calls:
      return count(row.calls);
    case ColumnKey::input_shapes:
      return text(fmt::format("{}", fmt::join(row.input_shapes, "; ")));
    case ColumnKey::output_shapes:
      return text(fmt::format("{}", fmt::join(row.output_shapes, "; ")));
    case ColumnKey::time:
      if (column.percent) return number(root.seconds > 0 ? row.seconds / root.seconds : 0.0);
      return number(row.seconds);
    case ColumnKey::bound:
      return text(row.seconds > 0 ? (row.compute_bound() ? "compute" : "memory") : "");
  }
  if (!column.percent) return plain;
  // A share of the model's total, of the same column.
  const ColumnValue total = column_value(root, Column{column.key, false}, root);
  return number(share(plain.count, total.count));
}

bool needs_hardware(const std::vector<Column>& columns) {
  return std::any_of(columns.begin(), columns.end(), [](const Column& c) {
    return c.key == ColumnKey::time || c.key == ColumnKey::bound;
  });
}

bool needs_module_shapes(const std::vector<Column>& columns) {
  return std::any_of(columns.begin(), columns.end(), [](const Column& c) {
    return c.key == ColumnKey::input_shapes || c.key == ColumnKey::output_shapes;
  });
}

}  // namespace graphstat
