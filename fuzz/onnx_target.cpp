// Fuzz target: an ONNX model, read by the ONNX frontend as `graphstat model.onnx` would (wire
// decoding, function inlining, shape inference and constant folding, graph building).
#include "fuzz_support.hpp"
#include "onnx_frontend.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static graphstat::fuzz::ScratchFile scratch("model.onnx");
  static const graphstat::frontends::OnnxFrontend frontend;
  const auto& file = scratch.write(data, size);
  graphstat::fuzz::refuse_cleanly([&] {
    graphstat::Graph graph = frontend.load(file, graphstat::LoadOptions{});
    graphstat::fuzz::exercise_graph(graph);
  });
  return 0;
}
