#pragma once
/// The contract between the thin TorchScript frontend plugin and its libtorch-linked runtime
/// library (runtime/). The plugin directory is scanned, and every library in it loaded, on each
/// start; libtorch is large and slow to load, so only this runtime links it and the plugin dlopens
/// it on the first .pt file. Both sides are built from the same tree with the same toolchain; the
/// build id and this version are still checked, so a stale runtime next to a new plugin is refused
/// with an error instead of crashing.

#include <filesystem>
#include <string>

#include "graphstat/frontend.hpp"
#include "graphstat/graph.hpp"

namespace graphstat::frontends::torchscript {

/// Bump when the signature or meaning of the entry points below changes.
inline constexpr int kRuntimeApiVersion = 2;

/// File name of the runtime, in `<libdir>/graphstat/runtime/` next to
/// `<libdir>/graphstat/plugins/`.
inline constexpr const char* kRuntimeFileName = "libgraphstat_torchscript_runtime.so";

/// Exported names, resolved with boost::dll.
inline constexpr const char* kApiVersionSymbol = "graphstat_torchscript_api_version";
inline constexpr const char* kBuildIdSymbol = "graphstat_torchscript_build_id";
inline constexpr const char* kLoadSymbol = "graphstat_torchscript_load_v1";

/// Reads `file` into `graph`. Never throws: every exception (c10::Error included) is caught inside
/// the runtime, while its code is still loaded, and returned as a one-line message naming the file.
using LoadEntry = bool(const std::filesystem::path& file, const LoadOptions& options, Graph& graph,
                       std::string& error) noexcept;
using ApiVersionEntry = int() noexcept;
using BuildIdEntry = const char*() noexcept;

}  // namespace graphstat::frontends::torchscript
