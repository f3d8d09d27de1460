#pragma once
/// Finding the user's value for a symbolic dim. A detector from ONNX names hundreds of
/// data-dependent dims (`/roi_heads/NonMaxSuppression.boxes`, `..._3.count`); binding them one
/// by one is impractical, so a `--dim` or config `dims:` name may be a glob pattern: `*` matches
/// any run of characters (dots and slashes included), `?` any one character. An exact name wins
/// over every pattern; among patterns the most specific (most literal characters) wins, ties go
/// to the pattern that sorts first, so the choice never depends on the order given.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "graphstat/frontend.hpp"

namespace graphstat {

/// True when `name` holds a wildcard (`*` or `?`).
bool is_dim_pattern(std::string_view name);

/// Whether `pattern` matches all of `name` (`*` any run, `?` one character, the rest literal).
bool dim_pattern_matches(std::string_view pattern, std::string_view name);

struct DimLookup {
  std::int64_t value = 0;
  std::string pattern;  ///< The pattern that matched; empty when bound by its exact name.
};

/// The value `dims` gives `symbol`, by exact name first, else by the most specific pattern.
std::optional<DimLookup> lookup_dim(const DimValues& dims, std::string_view symbol);

/// The binding to record for `symbol` bound by `found`.
DimBinding binding_of(std::string_view symbol, const DimLookup& found);

}  // namespace graphstat
