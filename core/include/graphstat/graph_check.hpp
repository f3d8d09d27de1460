#pragma once
/// Integrity of a graph as a frontend hands it over. The core runs this after every frontend and
/// before any pass, cost model or formatter, so that none of them has to re-check what a graph
/// from a plugin (or a hand-written JSON file) may break.

#include <filesystem>

#include "graphstat/frontend.hpp"
#include "graphstat/graph.hpp"

namespace graphstat {

/// Throws graphstat::Error naming `file`, the op and the tensor on the first violation of:
/// - the limits on op and tensor counts, module path depth and length (`limits`);
/// - every tensor id in range (an op's operands, the graph's inputs and outputs);
/// - one producer per tensor, none for a graph input, no op reading or listing twice its own
///   output, no graph output listed twice, no cycle (Boost.Graph's topological sort);
/// - for static shapes, the ranks and channel counts each canonical op requires (conv and
///   conv_transpose weights, their bias, batch_norm parameters, linear, matmul and gemm inner
///   dims).
void check_graph(const Graph& graph, const std::filesystem::path& file, const Limits& limits);

}  // namespace graphstat
