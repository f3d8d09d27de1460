// The runtime's exported entry points (runtime_api.hpp). Every exception is caught here, while this
// library and libtorch are loaded, and handed back as text: an exception object whose type or
// vtable lives in libtorch must never propagate into the plugin.
#include <c10/util/Exception.h>
#include <fmt/format.h>

#include <boost/config.hpp>
#include <exception>

#include "archive_check.hpp"
#include "graph_converter.hpp"
#include "graphstat/error.hpp"
#include "graphstat/plugin.hpp"
#include "runtime_api.hpp"

namespace ts = graphstat::frontends::torchscript;

extern "C" BOOST_SYMBOL_EXPORT int graphstat_torchscript_api_version() noexcept {
  return ts::kRuntimeApiVersion;
}

extern "C" BOOST_SYMBOL_EXPORT const char* graphstat_torchscript_build_id() noexcept {
  return GRAPHSTAT_BUILD_ID;
}

extern "C" BOOST_SYMBOL_EXPORT bool graphstat_torchscript_load_v1(
    const std::filesystem::path& file, const graphstat::LoadOptions& options,
    graphstat::Graph& graph, std::string& error) noexcept {
  try {
    torch::jit::Module module = ts::load_archive(file);
    graph = ts::convert_module(module, options, file);
    return true;
  } catch (const graphstat::Error& e) {
    error = e.what();
  } catch (const c10::Error& e) {
    error = fmt::format("{}: {}", file.string(), ts::first_line(e.what_without_backtrace()));
  } catch (const std::exception& e) {
    error = fmt::format("{}: {}", file.string(), ts::first_line(e.what()));
  } catch (...) {
    error = fmt::format("{}: unknown error while reading the TorchScript file", file.string());
  }
  return false;
}
