#pragma once
// The HTML report's pictures, drawn as inline SVG and HTML (no script, no network): the roofline
// plot of modules (with a hardware profile) and where the MACs and the memory go.

#include <ostream>

#include "graphstat/report.hpp"

namespace graphstat::formatters::html {

/// One point per module row with an estimated time, at (FLOPs per byte, FLOPs per second), under
/// the profile's roofs: memory bandwidth x intensity up to the ridge, then peak compute. Log-log.
/// Modules without FLOPs sit on the left edge. Nothing without a hardware profile.
void write_roofline_svg(const Report& report, std::ostream& out);

/// The model's top-level rows, largest first, each with its share of the metric and of memory.
void write_where_it_goes(const Report& report, std::ostream& out);

}  // namespace graphstat::formatters::html
