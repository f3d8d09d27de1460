#include "plugin_library.hpp"

#include <fmt/format.h>

#include <boost/dll/shared_library.hpp>
#include <exception>
#include <optional>

#include "elf_section.hpp"
#include "graphstat/error.hpp"
#include "graphstat/printable.hpp"

namespace graphstat {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, std::string_view problem) {
  throw Error(fmt::format("plugin {}: {}", file.string(), problem));
}

bool known_kind(PluginKind kind) {
  return kind == PluginKind::frontend || kind == PluginKind::cost || kind == PluginKind::formatter;
}

// Reads the ABI key from the file's .graphstat_abi section and refuses a mismatch: loading a
// library runs its static constructors, which a plugin of another ABI must never get to run.
void check_abi_key(const std::filesystem::path& file) {
  std::optional<std::string> key;
  try {
    key = read_elf_section(file, kPluginAbiSection, 1024);
  } catch (const Error& e) {
    fail(file, fmt::format("cannot be loaded: {}", e.what()));
  }
  if (!key) {
    // The section came with ABI 3: a plugin without it is of an older ABI (or no plugin at all).
    constexpr int kFirstAbiWithSection = 3;
    fail(file, fmt::format("not a graphstat plugin, or one older than plugin ABI version {} (no "
                           "{} section)",
                           kFirstAbiWithSection, kPluginAbiSection));
  }
  const std::string_view expected =
      GRAPHSTAT_ABI_KEY(GRAPHSTAT_PLUGIN_ABI_VERSION, GRAPHSTAT_BUILD_ID);
  std::string_view found(key->c_str());  // Up to the key's terminating NUL.
  if (found == expected) return;
  // "graphstat-plugin-abi <version> <build id>": name what differs.
  constexpr std::string_view prefix = "graphstat-plugin-abi ";
  if (found.substr(0, prefix.size()) != prefix) fail(file, "its ABI key is not readable");
  found.remove_prefix(prefix.size());
  const auto space = found.find(' ');
  const std::string_view version = found.substr(0, space);
  const std::string_view build_id =
      space == std::string_view::npos ? std::string_view() : found.substr(space + 1);
  if (version != BOOST_PP_STRINGIZE(GRAPHSTAT_PLUGIN_ABI_VERSION)) {
    fail(file, fmt::format("built for plugin ABI version {}, this graphstat needs version {}",
                           printable(version), kPluginAbiVersion));
  }
  fail(file, fmt::format("built by another toolchain ('{}'), this graphstat was built by '{}'",
                         printable(build_id), GRAPHSTAT_BUILD_ID));
}

}  // namespace

OpenedPlugin open_plugin(const std::filesystem::path& file) {
  check_abi_key(file);
  boost::dll::shared_library library;
  try {
    library.load(boost::dll::fs::path(file.string()),
                 boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    fail(file, fmt::format("cannot be loaded: {}", e.what()));
  }

  // The key said the ABI matches; the info function is still checked, as it was before the key.
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
