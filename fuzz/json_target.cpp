// Fuzz target: a graphstat JSON graph, read by the JSON frontend as `graphstat model.json` would.
#include "fuzz_support.hpp"
#include "json_frontend.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static graphstat::fuzz::ScratchFile scratch("model.json");
  static const graphstat::frontends::JsonFrontend frontend;
  const auto& file = scratch.write(data, size);
  graphstat::fuzz::refuse_cleanly([&] {
    graphstat::Graph graph = frontend.load(file, graphstat::LoadOptions{});
    graphstat::fuzz::exercise_graph(graph);
  });
  return 0;
}
