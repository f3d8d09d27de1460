// A plugin built against a future ABI: the host must refuse it before calling into it.
#include "graphstat/cost_model.hpp"

extern "C" BOOST_SYMBOL_EXPORT graphstat::PluginInfo graphstat_plugin_info() noexcept {
  return {graphstat::kPluginAbiVersion + 1, graphstat::PluginKind::cost, "future", "9.0",
          "built for the next plugin ABI",  GRAPHSTAT_BUILD_ID};
}
