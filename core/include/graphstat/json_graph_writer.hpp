#pragma once
/// Writes a graph in graphstat's JSON graph format (docs/json-graph.md): what `graphstat convert`
/// emits, so that any frontend's graph can be stored, diffed, and analyzed again without the
/// original framework, to the same figures.

#include <ostream>

#include "graphstat/graph.hpp"

namespace graphstat {

/// One tensor and one node per line, in the graph's own order (ops are in execution order).
void write_json_graph(const Graph& graph, std::ostream& out);

}  // namespace graphstat
