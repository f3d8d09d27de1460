#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <functional>
#include <mutex>

#include "graphstat/frontend.hpp"
#include "graphstat/graph.hpp"
#include "runtime_api.hpp"

namespace graphstat::frontends::torchscript {

/// The libtorch-linked runtime (runtime_api.hpp), opened on the first load() and then held until
/// this plugin itself is unloaded, so no code the runtime built a graph with is unmapped early.
class RuntimeLibrary {
 public:
  static RuntimeLibrary& instance();

  /// Reads `file` with the runtime; errors are graphstat::Error naming the file.
  Graph load(const std::filesystem::path& file, const LoadOptions& options);

 private:
  RuntimeLibrary() = default;
  void open(const std::filesystem::path& file);

  std::mutex mutex_;
  boost::dll::shared_library library_;
  LoadEntry* load_ = nullptr;
};

/// Where the runtime lives: `<dir of this plugin>/../runtime/`, the same in build and install
/// trees.
std::filesystem::path runtime_path();

}  // namespace graphstat::frontends::torchscript
