// The fusion pass: identities go first (a dropout between a softmax and its product would hide an
// attention), then every matcher runs over the graph, each claiming the ops of the patterns it
// recognizes, and one rewrite applies them all.

#include "graphstat/fuse_patterns.hpp"

#include "pattern_index.hpp"

namespace graphstat {

FusionCounts fuse_patterns(Graph& graph) {
  FusionCounts counts;
  {
    passes::PatternIndex index(graph);
    std::vector<passes::OpId> elided;
    passes::match_identities(index, elided);
    if (!elided.empty()) {
      counts["identity (removed)"] = elided.size();
      graph = passes::rewrite(graph, {}, elided);
    }
  }
  passes::PatternIndex index(graph);
  std::vector<passes::Fusion> fusions;
  // Attention first: its projections are MatMul + Add too, which the linear matcher would
  // otherwise take.
  passes::match_attention(index, fusions);
  passes::match_layer_norm(index, fusions);
  passes::match_gelu(index, fusions);
  passes::match_silu(index, fusions);
  passes::match_linear(index, fusions);
  // Last: a transpose inside a pattern belongs to that pattern.
  passes::match_transpose_chains(index, fusions);
  if (fusions.empty()) return counts;
  for (const auto& fusion : fusions) ++counts[fusion.fused.op];
  graph = passes::rewrite(graph, fusions, {});
  return counts;
}

}  // namespace graphstat
