#pragma once
/// Small checks on messages and reports shared by the tests.

#include <cstdint>
#include <string>
#include <string_view>

#include "graphstat/error.hpp"

namespace graphstat::test {

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

/// The message of the graphstat::Error that f throws, or "(no error)" when it throws none, so a
/// check on the message fails readably.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

/// The exact figure of a report's footer line: "Total MACs: 1.814G (1,814,073,344)" with label
/// "MACs" gives 1814073344; 0 when the line is missing.
inline std::uint64_t report_total(std::string_view out, std::string_view label) {
  const auto at = out.find("Total " + std::string(label) + ": ");
  if (at == std::string_view::npos) return 0;
  std::uint64_t value = 0;
  for (auto k = out.find('(', at) + 1; k < out.size() && out[k] != ')'; ++k) {
    if (out[k] >= '0' && out[k] <= '9')
      value = value * 10 + static_cast<std::uint64_t>(out[k] - '0');
  }
  return value;
}

}  // namespace graphstat::test
