#pragma once
/// Peak live activation memory: the bytes of activations alive at once while the graph runs in its
/// execution order, what inference needs in RAM besides the weights (docs/cost-model.md, "Peak
/// live memory").

#include <cstdint>
#include <vector>

#include "graphstat/graph.hpp"

namespace graphstat {

struct LiveMemory {
  /// Indexed by op id: the bytes of activations alive while that op runs (its inputs and outputs
  /// among them).
  std::vector<std::uint64_t> live_at_op;
  std::uint64_t peak = 0;  ///< The largest of them; 0 for a graph without ops.
};

/// Activations only (graph inputs and op results; parameters, buffers and constants are the
/// weights, counted apart). A tensor is alive from the op that writes it (a graph input: from the
/// first op) through the last op that reads it (a graph output: to the end). Ops that keep their
/// input's storage (reshape, flatten, squeeze, unsqueeze, identity) allocate nothing: their result
/// extends the life of the storage they view. Tensors of unknown size count 0 bytes: the figures
/// of an op waiting on a symbol are lower bounds, as its other figures are. Linear in ops + edges.
LiveMemory live_activation_memory(const Graph& graph);

}  // namespace graphstat
