#include "paths.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <vector>

#include "graphstat/error.hpp"

namespace graphstat {
namespace fs = std::filesystem;
namespace {

fs::path executable_dir() {
  return fs::path(boost::dll::program_location().parent_path().string());
}

std::vector<fs::path> config_dirs() {
  return {executable_dir() / ".." / GRAPHSTAT_INSTALL_CONFIG_DIR,
          fs::path(GRAPHSTAT_SOURCE_CONFIG_DIR)};
}

}  // namespace

fs::path builtin_plugin_dir() { return executable_dir() / ".." / GRAPHSTAT_PLUGIN_SUBDIR; }

fs::path shipped_config(std::string_view subdir, std::string_view name, std::string_view what,
                        std::string_view noun) {
  std::vector<std::string> known;
  for (const auto& base : config_dirs()) {
    const fs::path dir = subdir.empty() ? base : base / subdir;
    std::error_code ec;
    const auto candidate = dir / (std::string(name) + ".yaml");
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!known.empty() || !fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".yaml") known.push_back(entry.path().stem().string());
    }
  }
  std::sort(known.begin(), known.end());
  throw Error(
      fmt::format("{} {}: no such {} (known: {})", what, name, noun, fmt::join(known, ", ")));
}

fs::path zoo_config(std::string_view name) {
  return shipped_config("", name, "--model", "model in the shipped zoo");
}

}  // namespace graphstat
