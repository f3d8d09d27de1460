#pragma once
/// Finds, loads and owns plugin libraries, and answers "which frontend reads this file", "which
/// cost model prices this op", "which formatter writes this format".
///
/// Every object handed out is a shared_ptr whose deleter holds the library it came from, so an
/// object can never outlive its code, whatever order things are destroyed in.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/cost_model.hpp"
#include "graphstat/formatter.hpp"
#include "graphstat/frontend.hpp"
#include "graphstat/plugin.hpp"

namespace graphstat {

/// What `--list-plugins` shows of one loaded plugin.
struct PluginDescription {
  PluginKind kind;
  std::string name;
  std::string version;
  std::string description;
  std::filesystem::path file;
  /// Cost models: the ops priced. Frontends and formatters: the file extensions claimed.
  std::vector<std::string> claims;
};

std::string_view kind_name(PluginKind kind);

class PluginRegistry {
 public:
  PluginRegistry();
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  /// Loads every shared library (*.so) in dir, in name order. A directory that does not exist is an
  /// error only when required.
  void load_directory(const std::filesystem::path& dir, bool required);

  /// Loads one plugin library. Throws graphstat::Error naming the file when it cannot be opened, is
  /// not a graphstat plugin, was built for another ABI or toolchain, or fails to construct. A
  /// plugin with the name of one already loaded replaces it; a cost model overrides earlier ones op
  /// by op. Loading the same file twice is a no-op.
  void load_library(const std::filesystem::path& file);

  /// Loads a directory or a file, whichever path is.
  void load_path(const std::filesystem::path& path);

  const std::vector<PluginDescription>& plugins() const { return descriptions_; }

  /// By name ("onnx"); nullptr when there is none.
  std::shared_ptr<const Frontend> frontend(std::string_view name) const;
  /// The frontend for a file: the one claiming its extension, else the first whose sniff() accepts
  /// its first bytes. Throws graphstat::Error naming the file when none does.
  std::pair<std::string, std::shared_ptr<const Frontend>> frontend_for_file(
      const std::filesystem::path& file) const;

  std::shared_ptr<const Formatter> formatter(std::string_view name) const;
  /// The formatter claiming an output file's extension; nullptr when none does.
  std::pair<std::string, std::shared_ptr<const Formatter>> formatter_for_extension(
      std::string_view extension) const;
  std::vector<std::string> formatter_names() const;

  struct CostEntry {
    std::string plugin;  ///< Name of the cost model that prices the op.
    std::shared_ptr<const CostModel> model;
  };
  /// The cost model that prices a canonical op (the last loaded wins); nullptr when none does.
  const CostEntry* cost_model_for(std::string_view op) const;

 private:
  template <typename T>
  struct Named {
    std::string name;
    std::vector<std::string> extensions;
    std::shared_ptr<const T> object;
  };

  void add(PluginDescription description, std::shared_ptr<Plugin> object);

  std::vector<std::filesystem::path> loaded_files_;
  std::vector<PluginDescription> descriptions_;
  std::vector<Named<Frontend>> frontends_;
  std::vector<Named<Formatter>> formatters_;
  std::map<std::string, CostEntry, std::less<>> costs_;
};

}  // namespace graphstat
