// Fuzz target: a TorchScript archive (.pt).
//
// Under libFuzzer this covers graphstat's own code that looks at a .pt before libtorch does: the
// frontend's sniff of the first 4 KiB (how the registry picks a frontend for a file of unknown
// extension) and the zip local-header scan the runtime's ShapeOnlyReader runs before each tensor
// payload. libtorch itself is not fuzzed here (fuzz/README.md says why: its 1.13 headers do not
// compile with clang 14 in C++20, and the library is not instrumented, so libFuzzer would be blind
// inside it).
//
// The replay test (g++, where the runtime is built) also loads every input through the real
// TorchScript plugin and libtorch, as `graphstat model.pt` does, so that every .pt that ever broke
// graphstat keeps being checked in the default and asan builds.
#include <algorithm>
#include <string_view>

#include "fuzz_support.hpp"
#include "torchscript_frontend.hpp"
#include "zip_sniff.hpp"

#ifdef GRAPHSTAT_FUZZ_TORCHSCRIPT_PLUGIN
#include <memory>

#include "graphstat/plugin_registry.hpp"

namespace {

void load_with_libtorch(const std::uint8_t* data, std::size_t size) {
  static graphstat::fuzz::ScratchFile scratch("model.pt");
  static const std::unique_ptr<graphstat::PluginRegistry> registry = [] {
    auto r = std::make_unique<graphstat::PluginRegistry>();
    r->load_library(GRAPHSTAT_FUZZ_TORCHSCRIPT_PLUGIN);
    return r;
  }();
  const auto& file = scratch.write(data, size);
  graphstat::fuzz::refuse_cleanly([&] {
    graphstat::Graph graph = registry->frontend("torchscript")->load(file, {});
    graphstat::fuzz::exercise_graph(graph);
  });
}

}  // namespace
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ts = graphstat::frontends::torchscript;
  static const graphstat::frontends::TorchScriptFrontend frontend;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)frontend.sniff(bytes.substr(0, 4096));
  // The bytes before a payload, as ShapeOnlyReader reads them, for the record name PyTorch gives
  // the first tensor; and the whole input, for names anywhere.
  const std::size_t span = std::min(size, ts::kLocalHeaderSize + ts::kMaxNameAndExtra);
  (void)ts::local_header_method(bytes.substr(size - span), "/data/0");
  (void)ts::local_header_method(bytes, "");
#ifdef GRAPHSTAT_FUZZ_TORCHSCRIPT_PLUGIN
  load_with_libtorch(data, size);
#endif
  return 0;
}
