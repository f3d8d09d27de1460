#pragma once
// Reads graphstat's JSON graph format (docs/json-graph.md) into the IR.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string_view>

#include "graphstat/frontend.hpp"

namespace graphstat::frontends {

/// Parses a JSON graph held in memory; `file` only names the source in errors.
Graph read_json_graph(std::string_view json, const std::filesystem::path& file);

/// Reads and parses a JSON graph file.
Graph read_json_graph_file(const std::filesystem::path& file);

/// Checks user input bindings against the graph's fixed input shapes (a JSON graph's shapes are
/// concrete and cannot be re-bound). Throws graphstat::Error naming the file and input.
void check_input_bindings(const Graph& graph, const std::vector<InputSpec>& inputs,
                          const std::filesystem::path& file);

/// Substitutes bound symbolic dims (`dims`, by name) in every tensor; a graph input's dim nobody
/// bound becomes 1 with a note. Records the bindings used in Graph::bindings.
void bind_symbolic_dims(Graph& graph, const DimValues& dims);

}  // namespace graphstat::frontends
