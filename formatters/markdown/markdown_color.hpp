#pragma once
// ANSI colors of the terminal table (--color; only when Report::color is set): what a row's color
// means is decided here, in one place, and documented in docs/config.md ("Color").

#include <string_view>

#include "graphstat/report.hpp"

namespace graphstat::formatters {

namespace ansi {
inline constexpr std::string_view reset = "\x1b[0m";
inline constexpr std::string_view bold = "\x1b[1m";
inline constexpr std::string_view dim = "\x1b[2m";
inline constexpr std::string_view bottleneck = "\x1b[1;31m";  // Bold red.
inline constexpr std::string_view compute = "\x1b[32m";       // Green.
inline constexpr std::string_view memory = "\x1b[33m";        // Yellow.
}  // namespace ansi

/// Without a hardware profile, rows at or above this many FLOPs per byte are colored as compute-
/// heavy: about the fp32 ridge point of the shipped datacenter GPU (a100: 19.5 TFLOPS / 2039 GB/s
/// = 9.6; the others' ridges are higher, so a green row is compute-bound on all of them).
inline constexpr double kComputeHeavyIntensity = 10.0;
/// Below this, memory-bound on every current processor.
inline constexpr double kMemoryHeavyIntensity = 1.0;

/// The style of a module or op row, "" for none. With a hardware profile: a bottleneck bold red,
/// a compute-bound row green, a memory-bound one yellow. Without: by arithmetic intensity, green
/// from kComputeHeavyIntensity up, yellow below kMemoryHeavyIntensity. A row with no figures: none.
std::string_view row_style(const ModuleStats& row, const Report& report);

}  // namespace graphstat::formatters
