#include "runtime_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <boost/dll/runtime_symbol_info.hpp>
#include <string>

#include "graphstat/error.hpp"
#include "graphstat/plugin.hpp"

namespace graphstat::frontends::torchscript {

namespace fs = std::filesystem;

fs::path runtime_path() {
  const fs::path plugin = boost::dll::this_line_location().string();
  return plugin.parent_path().parent_path() / "runtime" / kRuntimeFileName;
}

RuntimeLibrary& RuntimeLibrary::instance() {
  static RuntimeLibrary library;
  return library;
}

void RuntimeLibrary::open(const fs::path& file) {
  const fs::path path = runtime_path();
  boost::system::error_code ec;
  boost::dll::shared_library library(
      // Lazy where the libraries allow it (Debian links libtorch_cpu BIND_NOW regardless); local,
      // so none of libtorch's ~300 dependencies' symbols become visible to later plugins.
      path.string(), boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    // dlopen's own message names the missing library (libtorch.so.1.13 when libtorch is absent).
    throw Error(fmt::format("{}: cannot load the TorchScript runtime {}: {}", file.string(),
                            path.string(), ec.message()));
  }
  const auto symbols = {kApiVersionSymbol, kBuildIdSymbol, kLoadSymbol};
  for (const char* symbol : symbols) {
    if (!library.has(symbol)) {
      throw Error(fmt::format("{}: the TorchScript runtime {} does not export {}", file.string(),
                              path.string(), symbol));
    }
  }
  const int version = library.get<ApiVersionEntry>(kApiVersionSymbol)();
  const std::string build_id = library.get<BuildIdEntry>(kBuildIdSymbol)();
  if (version != kRuntimeApiVersion || build_id != GRAPHSTAT_BUILD_ID) {
    throw Error(fmt::format(
        "{}: the TorchScript runtime {} was built for another graphstat (runtime API {}, {}; "
        "this plugin expects {}, {})",
        file.string(), path.string(), version, build_id, kRuntimeApiVersion, GRAPHSTAT_BUILD_ID));
  }
  // libtorch is not made to be unloaded (atexit handlers, thread pools, registries holding
  // pointers into it): pin the runtime, and with it libtorch, for the life of the process.
  // RTLD_NOLOAD only re-opens the loaded library to add RTLD_NODELETE.
  if (void* pinned = ::dlopen(path.c_str(), RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE)) {
    ::dlclose(pinned);
  }
  load_ = &library.get<LoadEntry>(kLoadSymbol);
  library_ = std::move(library);
}

Graph RuntimeLibrary::load(const fs::path& file, const LoadOptions& options) {
  const std::lock_guard lock(mutex_);
  if (!load_) open(file);
  Graph graph;
  std::string error;
  if (!load_(file, options, graph, error)) throw Error(error);
  return graph;
}

}  // namespace graphstat::frontends::torchscript
