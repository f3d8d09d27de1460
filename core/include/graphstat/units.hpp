#pragma once
/// Number formatting shared by the formatters, in the seed's notation.

#include <cstdint>
#include <string>

namespace graphstat {

/// Counts (parameters, MACs, FLOPs): "0", "128", "9.408K", "11.690M", "1.814G", "3.500T". Below
/// 1000 the exact integer; above, three decimals and a decimal (SI) suffix.
std::string format_count(std::uint64_t value);

/// Bytes in decimal units with two decimals: "512B", "2.05KB", "1.75MB", "116.95MB", "1.20GB".
std::string format_bytes(std::uint64_t bytes);

/// A duration with three significant digits: "950ns", "12.6µs", "1.23ms", "2.05s"; "0s" for 0.
std::string format_duration(double seconds);

/// Thousands separators: 11689512 -> "11,689,512".
std::string format_grouped(std::uint64_t value);

}  // namespace graphstat
