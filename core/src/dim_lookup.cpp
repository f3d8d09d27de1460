#include "graphstat/dim_lookup.hpp"

#include <algorithm>
#include <vector>

namespace graphstat {

bool is_dim_pattern(std::string_view name) {
  return name.find_first_of("*?") != std::string_view::npos;
}

// Iterative glob with one backtrack point (the last `*`): linear in practice, and never
// exponential on hostile patterns such as "*a*a*a*a*b".
bool dim_pattern_matches(std::string_view pattern, std::string_view name) {
  std::size_t p = 0;
  std::size_t n = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::optional<DimLookup> lookup_dim(const DimValues& dims, std::string_view symbol) {
  if (const auto exact = dims.find(symbol); exact != dims.end()) {
    return DimLookup{exact->second, {}};
  }
  const std::string* best = nullptr;
  std::int64_t value = 0;
  std::size_t best_literals = 0;
  for (const auto& [name, v] : dims) {  // sorted: the first of equally specific ones wins
    if (!is_dim_pattern(name) || !dim_pattern_matches(name, symbol)) continue;
    const auto literals = static_cast<std::size_t>(
        std::count_if(name.begin(), name.end(), [](char c) { return c != '*' && c != '?'; }));
    if (best == nullptr || literals > best_literals) {
      best = &name;
      value = v;
      best_literals = literals;
    }
  }
  if (best == nullptr) return std::nullopt;
  return DimLookup{value, *best};
}

DimBinding binding_of(std::string_view symbol, const DimLookup& found) {
  return DimBinding{std::string(symbol), found.value, false, found.pattern};
}

}  // namespace graphstat
