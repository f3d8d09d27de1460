#include "plugin_library.hpp"

#include <fmt/format.h>

#include <boost/dll/shared_library.hpp>
#include <exception>

#include "graphstat/error.hpp"

namespace graphstat {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, std::string_view problem) {
  throw Error(fmt::format("plugin {}: {}", file.string(), problem));
}

bool known_kind(PluginKind kind) {
  return kind == PluginKind::frontend || kind == PluginKind::cost || kind == PluginKind::formatter;
}

}  // namespace

OpenedPlugin open_plugin(const std::filesystem::path& file) {
  boost::dll::shared_library library;
  try {
    library.load(boost::dll::fs::path(file.string()),
                 boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    fail(file, fmt::format("cannot be loaded: {}", e.what()));
  }

  // Only the extern "C" info function may be called before the ABI is known to match.
  if (!library.has("graphstat_plugin_info")) {
    fail(file, "not a graphstat plugin (no graphstat_plugin_info entry point)");
  }
  const PluginInfo info = library.get<PluginInfo()>("graphstat_plugin_info")();
  if (info.abi_version != kPluginAbiVersion) {
    fail(file, fmt::format("built for plugin ABI version {}, this graphstat needs version {}",
                           info.abi_version, kPluginAbiVersion));
  }
  if (info.build_id == nullptr || std::string_view(info.build_id) != GRAPHSTAT_BUILD_ID) {
    fail(file, fmt::format("built by another toolchain ('{}'), this graphstat was built by '{}'",
                           info.build_id ? info.build_id : "?", GRAPHSTAT_BUILD_ID));
  }
  if (!known_kind(info.kind) || info.name == nullptr || *info.name == '\0') {
    fail(file, "its plugin info has no valid kind or name");
  }
  if (!library.has("graphstat_create_plugin")) {
    fail(file, "has no graphstat_create_plugin factory (use the GRAPHSTAT_PLUGIN macro)");
  }

  OpenedPlugin opened{info.kind, info.name, info.version ? info.version : "",
                      info.description ? info.description : "", nullptr};
  std::unique_ptr<Plugin> object;
  try {
    object = library.get_alias<std::unique_ptr<Plugin>()>("graphstat_create_plugin")();
  } catch (const std::exception& e) {
    // Caught here, while the library that threw is still loaded.
    fail(file, fmt::format("failed to construct: {}", e.what()));
  } catch (...) {
    fail(file, "failed to construct (unknown exception)");
  }
  if (!object) fail(file, "its factory returned no object");
  opened.object = std::shared_ptr<Plugin>(object.release(), [library](Plugin* p) { delete p; });
  return opened;
}

}  // namespace graphstat
