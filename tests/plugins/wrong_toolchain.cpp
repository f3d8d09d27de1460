// A plugin that claims another compiler built it: Boost.DLL promises nothing across toolchains.
// Its static constructor aborts: the host must refuse it from its ABI key, without loading it.
#include <cstdio>
#include <cstdlib>

#include "graphstat/cost_model.hpp"

GRAPHSTAT_PLUGIN_ABI_NOTE(GRAPHSTAT_ABI_KEY(GRAPHSTAT_PLUGIN_ABI_VERSION,
                                            "clang 99.0.0 cxx11abi=0"))

extern "C" BOOST_SYMBOL_EXPORT graphstat::PluginInfo graphstat_plugin_info() noexcept {
  return {graphstat::kPluginAbiVersion, graphstat::PluginKind::cost, "foreign", "1.0",
          "built by another toolchain", "clang 99.0.0 cxx11abi=0"};
}

namespace {
struct RunsOnLoad {
  RunsOnLoad() {
    std::fputs("wrong_toolchain: static constructor ran\n", stderr);
    std::abort();
  }
} runs_on_load;
}  // namespace
