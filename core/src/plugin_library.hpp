#pragma once
// Opens one plugin library, checks its ABI, and creates its object (internal to the core).

#include <filesystem>
#include <memory>
#include <string>

#include "graphstat/plugin.hpp"

namespace graphstat {

struct OpenedPlugin {
  PluginKind kind;
  std::string name;
  std::string version;
  std::string description;
  /// Deleting it releases the library too (the deleter holds it).
  std::shared_ptr<Plugin> object;
};

/// Throws graphstat::Error naming the file on every failure.
OpenedPlugin open_plugin(const std::filesystem::path& file);

}  // namespace graphstat
