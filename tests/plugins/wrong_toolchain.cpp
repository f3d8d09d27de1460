// A plugin that claims another compiler built it: Boost.DLL promises nothing across toolchains.
#include "graphstat/cost_model.hpp"

extern "C" BOOST_SYMBOL_EXPORT graphstat::PluginInfo graphstat_plugin_info() noexcept {
  return {graphstat::kPluginAbiVersion, graphstat::PluginKind::cost, "foreign", "1.0",
          "built by another toolchain", "clang 99.0.0 cxx11abi=0"};
}
