#include "onnx_frontend.hpp"

#include "onnx_functions.hpp"
#include "onnx_graph_builder.hpp"
#include "onnx_references.hpp"
#include "onnx_shapes.hpp"
#include "onnx_wire.hpp"

namespace graphstat::frontends {

std::vector<std::string> OnnxFrontend::extensions() const { return {".onnx"}; }

bool OnnxFrontend::sniff(std::string_view head) const { return onnxfe::looks_like_onnx(head); }

Graph OnnxFrontend::load(const std::filesystem::path& file, const LoadOptions& options) const {
  onnxfe::Model model = onnxfe::read_model(file, options.limits);
  onnxfe::inline_functions(model, file, options.limits);
  onnxfe::check_references(model, file);
  onnxfe::InferredModel inferred = onnxfe::infer_shapes(model, options, file);
  Graph graph = onnxfe::build_graph(inferred, file);
  graph.bindings = std::move(inferred.bindings);
  graph.notes = std::move(inferred.notes);
  if (graph.name.empty()) graph.name = file.stem().string();
  return graph;
}

}  // namespace graphstat::frontends
