#include "graphstat/adaptive_sampling.hpp"

#include <algorithm>
#include <string>

#include "graphstat/dim_lookup.hpp"
#include "graphstat/op_repeat.hpp"

namespace graphstat {

void bind_adaptive_sampling(Graph& graph, const DimValues& dims) {
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    OpNode& node = graph.op(id);
    if (node.op != "roi_align" && node.op != "ps_roi_align") continue;
    const auto ratio = node.attr_int("sampling_ratio");
    if (ratio && *ratio > 0) continue;
    const std::string symbol = node.name + ".sampling_ratio";
    const auto found = lookup_dim(dims, symbol);
    if (!found || found->value <= 0) {
      node.attrs.insert_or_assign(std::string(kCostWaitsOnAttr), symbol);
      continue;
    }
    node.attrs.insert_or_assign("sampling_ratio", found->value);
    node.attrs.erase(std::string(kCostWaitsOnAttr));
    const bool recorded = std::any_of(graph.bindings.begin(), graph.bindings.end(),
                                      [&](const DimBinding& b) { return b.name == symbol; });
    if (!recorded) graph.bindings.push_back(binding_of(symbol, *found));
  }
}

}  // namespace graphstat
