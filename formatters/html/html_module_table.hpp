#pragma once
// The module table of the HTML report: a foldable tree (the model and its top-level modules shown,
// deeper rows one click away) with sortable columns. Rows carry data-id / data-parent, and their
// exact values sit in a JSON script element the page's script sorts by.

#include <ostream>

#include "graphstat/report.hpp"

namespace graphstat::formatters::html {

void write_module_table(const Report& report, std::ostream& out);

}  // namespace graphstat::formatters::html
