#include "html_module_table.hpp"

#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "common/column_cells.hpp"
#include "common/report_walk.hpp"
#include "graphstat/graph.hpp"
#include "html_text.hpp"

namespace graphstat::formatters::html {
namespace {

// A JSON string literal that is also safe inside <script>: '<' never appears raw.
std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// The exact value a column sorts by: a number, or text for shapes and bounds (0 where the file
// does not say).
std::string sort_value(const ModuleStats& row, Column column, const ModuleStats& root) {
  const ColumnValue v = column_value(row, column, root);
  if (!v.known) return "0";
  switch (v.kind) {
    case ColumnValue::Kind::count:
      return fmt::format("{}", v.count);
    case ColumnValue::Kind::number:
      return fmt::format("{}", v.number);
    case ColumnValue::Kind::text:
      return json_string(v.text);
  }
  return "0";
}

// The default columns: the chosen ones, else params, the metric, memory and intensity; the share
// bar of the metric; then, with a hardware profile and no chosen columns, time, bound, time %.
struct Layout {
  std::vector<Column> before_share;
  std::vector<Column> after_share;
};

Layout layout_of(const Report& report) {
  if (!report.columns.empty()) return {report.columns, {}};
  Layout l{{{ColumnKey::params},
            {report.metric == Metric::macs ? ColumnKey::macs : ColumnKey::flops},
            {ColumnKey::memory},
            {ColumnKey::intensity}},
           {}};
  if (report.roofline)
    l.after_share = {{ColumnKey::time}, {ColumnKey::bound}, {ColumnKey::time, true}};
  return l;
}

void write_heading(const Report& report, const Layout& l, std::ostream& out) {
  int col = 0;
  out << "<table id=\"modules\">\n<thead><tr><th data-col=\"" << col++ << "\">Module</th>";
  for (const Column& c : l.before_share) {
    out << "<th data-col=\"" << col++ << "\">" << escape(column_heading(c)) << "</th>";
  }
  out << "<th data-col=\"" << col++ << "\">Share of " << metric_label(report.metric) << "</th>";
  for (const Column& c : l.after_share) {
    out << "<th data-col=\"" << col++ << "\">" << escape(column_heading(c)) << "</th>";
  }
  out << "</tr></thead>\n<tbody>\n";
}

}  // namespace

void write_module_table(const Report& report, std::ostream& out) {
  const Layout l = layout_of(report);
  write_heading(report, l, out);
  const ModuleStats& root = report.root;
  const std::uint64_t total = root.metric_value(report.metric);
  const bool param_rows = shows_params(l.before_share);
  // Ids in walk order. A row is shown when every ancestor is open; only the model starts open, so
  // the page opens on the model and its top-level modules.
  std::unordered_map<const ModuleStats*, int> ids;
  std::string values = "[";
  walk_rows(
      root,
      [&](const ModuleStats& row, const ModuleStats* parent) {
        const int id = static_cast<int>(ids.size());
        ids.emplace(&row, id);
        const bool foldable = !row.children.empty() || (param_rows && !row.param_rows.empty());
        const bool open = parent == nullptr;
        out << "<tr class=\"" << kind_name(row.kind) << "\" data-id=\"" << id << "\"";
        if (parent != nullptr) out << " data-parent=\"" << ids.at(parent) << "\"";
        out << " data-open=\"" << (open ? 1 : 0) << "\"" << (row.depth > 1 ? " hidden" : "") << ">"
            << name_cell(row.name, row.depth,
                         foldable ? (open ? Fold::open : Fold::closed) : Fold::none);
        values += (id != 0 ? ",[" : "[") + json_string(row.name);
        for (const Column& c : l.before_share) {
          out << cells({column_cell(row, c, root)});
          values += "," + sort_value(row, c, root);
        }
        out << share_cell(row.metric_value(report.metric), total);
        values += fmt::format(",{}", row.metric_value(report.metric));
        for (const Column& c : l.after_share) {
          out << cells({column_cell(row, c, root)});
          values += "," + sort_value(row, c, root);
        }
        values += "]";
        out << "</tr>\n";
      },
      [&](const ParamRow& param, const ModuleStats& owner) {
        if (!param_rows) return;
        out << "<tr class=\"param\" data-parent=\"" << ids.at(&owner) << "\""
            << (owner.depth >= 1 ? " hidden" : "") << ">" << name_cell(param.name, owner.depth + 1);
        for (const Column& c : l.before_share) {
          out << (c.key == ColumnKey::params && !c.percent
                      ? "<td class=\"shape\">" + format_shape_tuple(param.shape) + "</td>"
                      : std::string("<td></td>"));
        }
        out << "<td></td>";
        for (std::size_t k = 0; k < l.after_share.size(); ++k) out << "<td></td>";
        out << "</tr>\n";
      });
  out << "</tbody>\n</table>\n<script type=\"application/json\" id=\"graphstat-rows\">" << values
      << "]</script>\n";
}

}  // namespace graphstat::formatters::html
