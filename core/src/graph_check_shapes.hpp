#pragma once
// Rank and channel rules of the canonical ops (internal to the core; see graph_check.hpp).

#include <filesystem>

#include "graphstat/graph.hpp"

namespace graphstat {

/// Throws graphstat::Error naming the file, the op and the tensor when a static-shaped op's
/// operands cannot fit together (a conv weight of 3 input channels on a 4-channel input).
void check_op_shapes(const Graph& graph, const std::filesystem::path& file);

}  // namespace graphstat
