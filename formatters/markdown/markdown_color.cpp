#include "markdown_color.hpp"

#include <algorithm>

namespace graphstat::formatters {

std::string_view row_style(const ModuleStats& row, const Report& report) {
  if (report.roofline) {
    if (row.seconds <= 0) return "";
    const auto& bottlenecks = report.roofline->bottlenecks;
    const bool is_bottleneck =
        std::any_of(bottlenecks.begin(), bottlenecks.end(),
                    [&](const Bottleneck& b) { return b.module == row.name; });
    if (is_bottleneck) return ansi::bottleneck;
    return row.compute_bound() ? ansi::compute : ansi::memory;
  }
  if (row.memory_bytes() == 0) return "";
  const double intensity = row.arithmetic_intensity();
  if (intensity >= kComputeHeavyIntensity) return ansi::compute;
  if (intensity < kMemoryHeavyIntensity) return ansi::memory;
  return "";
}

}  // namespace graphstat::formatters
