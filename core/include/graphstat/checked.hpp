#pragma once
/// Checked 64-bit arithmetic for element counts, byte counts and costs. A figure that overflows is
/// an error naming what was being computed, never a number that wrapped (MACs of 0 for a huge dim).
/// Header-only so that cost-model plugins use the same rule as the core.

#include <cstdint>
#include <string_view>

#include "graphstat/error.hpp"

namespace graphstat {

/// Throws graphstat::Error("<what>: the count overflows 64 bits").
[[noreturn]] void throw_overflow(std::string_view what);

inline std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, std::string_view what = "") {
  std::uint64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw_overflow(what);
  return r;
}

inline std::uint64_t checked_add(std::uint64_t a, std::uint64_t b, std::string_view what = "") {
  std::uint64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw_overflow(what);
  return r;
}

/// Adds into `sum`: `checked_add_to(row.macs, op.macs)`.
inline void checked_add_to(std::uint64_t& sum, std::uint64_t value, std::string_view what = "") {
  sum = checked_add(sum, value, what);
}

/// A dim as an unsigned count; a negative (symbolic or corrupt) dim is an error.
std::uint64_t dim_count(std::int64_t dim, std::string_view what = "");

}  // namespace graphstat
