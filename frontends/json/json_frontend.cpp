#include "json_frontend.hpp"

#include "json_graph_reader.hpp"

namespace graphstat::frontends {

std::vector<std::string> JsonFrontend::extensions() const { return {".json"}; }

bool JsonFrontend::sniff(std::string_view head) const {
  return head.find("\"graphstat-graph\"") != std::string_view::npos;
}

Graph JsonFrontend::load(const std::filesystem::path& file, const LoadOptions& options) const {
  Graph graph = read_json_graph_file(file);
  if (graph.name.empty()) graph.name = file.stem().string();
  bind_symbolic_dims(graph, options.dims);
  check_input_bindings(graph, options.inputs, file);
  return graph;
}

}  // namespace graphstat::frontends
