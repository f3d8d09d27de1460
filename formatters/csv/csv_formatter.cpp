#include "csv_formatter.hpp"

#include <fmt/format.h>

#include <string_view>

#include "common/report_walk.hpp"

namespace graphstat::formatters {
namespace {

/// RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. A name
/// that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
/// gets a leading apostrophe, OWASP's advice against CSV injection.
std::string csv_field(std::string_view text) {
  std::string value;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    value = "'";
  }
  value += text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

std::vector<std::string> CsvFormatter::extensions() const { return {".csv"}; }

void CsvFormatter::render(const Report& report, std::ostream& out) const {
  out << "module,kind,depth,parent,params,macs,flops,memory_bytes,input_bytes,output_bytes,"
         "weight_bytes,arithmetic_intensity,unresolved_ops\n";
  walk_modules(report.root, [&](const ModuleStats& row, const ModuleStats* parent) {
    // "{}" prints the shortest text that reads back as the same double: exact, yet no noise digits.
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(row.name),
                       kind_name(row.kind), row.depth,
                       parent != nullptr ? csv_field(parent->name) : std::string(), row.params,
                       row.macs, row.flops, row.memory_bytes(), row.input_bytes, row.output_bytes,
                       row.weight_bytes, row.arithmetic_intensity(), row.unresolved_ops);
  });
}

}  // namespace graphstat::formatters
