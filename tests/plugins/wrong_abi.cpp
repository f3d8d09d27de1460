// A plugin built against a future ABI: the host must refuse it before calling into it, and before
// loading it at all: its static constructor aborts the process, so a test that passes proves the
// library was never loaded.
#include <cstdio>
#include <cstdlib>

#include "graphstat/cost_model.hpp"

GRAPHSTAT_PLUGIN_ABI_NOTE(GRAPHSTAT_ABI_KEY(BOOST_PP_INC(GRAPHSTAT_PLUGIN_ABI_VERSION),
                                            GRAPHSTAT_BUILD_ID))

extern "C" BOOST_SYMBOL_EXPORT graphstat::PluginInfo graphstat_plugin_info() noexcept {
  return {graphstat::kPluginAbiVersion + 1, graphstat::PluginKind::cost, "future", "9.0",
          "built for the next plugin ABI",  GRAPHSTAT_BUILD_ID};
}

namespace {
struct RunsOnLoad {
  RunsOnLoad() {
    std::fputs("wrong_abi: static constructor ran\n", stderr);
    std::abort();
  }
} runs_on_load;
}  // namespace
