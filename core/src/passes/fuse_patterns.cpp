// The fusion pass: every matcher runs over the graph as the frontend built it, each claiming the
// ops of the patterns it recognizes, then one rewrite applies them all.

#include "graphstat/fuse_patterns.hpp"

#include "pattern_index.hpp"

namespace graphstat {

FusionCounts fuse_patterns(Graph& graph) {
  passes::PatternIndex index(graph);
  std::vector<passes::Fusion> fusions;
  // Attention first: its projections are MatMul + Add too, which the linear matcher would
  // otherwise take.
  passes::match_attention(index, fusions);
  passes::match_layer_norm(index, fusions);
  passes::match_gelu(index, fusions);
  passes::match_linear(index, fusions);
  std::vector<passes::OpId> elided;
  passes::match_identities(index, elided);
  FusionCounts counts;
  if (fusions.empty() && elided.empty()) return counts;
  for (const auto& fusion : fusions) ++counts[fusion.fused.op];
  if (!elided.empty()) counts["identity (removed)"] = elided.size();
  graph = passes::rewrite(graph, fusions, elided);
  return counts;
}

}  // namespace graphstat
