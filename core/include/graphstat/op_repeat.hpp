#pragma once
// Ops that run more than once per inference: the body of an ONNX Loop or Scan is flattened into the
// graph once, and each of its ops says how many times it runs through these attributes, which the
// analyzer (analysis.hpp) applies. A 1,000-iteration Loop thus costs the graph one copy of its
// body, not a thousand.

#include <string_view>

namespace graphstat {

/// Int attribute: the op runs this many times; its MACs, FLOPs and memory traffic are multiplied
/// by it (parameters are still counted once: they are the same tensors every time).
inline constexpr std::string_view kRepeatAttr = "graphstat.repeat";

/// String attribute: the op runs a number of times known only at run time, named by these symbols
/// (comma-separated: `Loop_3.trips`, `If_7.cond`; several for nested loops). The op is unresolved,
/// waiting on the symbol, until the user binds it (`--dim Loop_3.trips=10`) and the frontend writes
/// kRepeatAttr instead.
inline constexpr std::string_view kRepeatWaitsOnAttr = "graphstat.repeat_waits_on";

/// String attribute: the op's arithmetic depends on a value known only at run time that is not a
/// shape (roi_align's adaptive sampling ratio, adaptive_sampling.hpp), named by these symbols
/// (comma-separated). The op is unresolved, waiting on them, as with kRepeatWaitsOnAttr.
inline constexpr std::string_view kCostWaitsOnAttr = "graphstat.cost_waits_on";

}  // namespace graphstat
