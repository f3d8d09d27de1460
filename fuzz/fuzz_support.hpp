#pragma once
/// Shared by every fuzz target (fuzz/README.md): the scratch file a target feeds its reader, the
/// rest of the CLI's pipeline run on whatever graph a reader accepts, and the rule for what counts
/// as a finding.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "graphstat/graph.hpp"

namespace graphstat::fuzz {

/// The readers take a path, as the CLI gives them one, so each input is written to a file in a
/// private directory (one per process, removed at exit) and the reader is pointed at it. The name
/// keeps the extension the CLI would see (`model.onnx`), so errors read as they would for a user.
class ScratchFile {
 public:
  explicit ScratchFile(std::string_view name);
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  /// Replaces the file's contents with `data` and returns its path.
  const std::filesystem::path& write(const std::uint8_t* data, std::size_t size);

 private:
  std::filesystem::path dir_;
  std::filesystem::path file_;
};

/// What the CLI does with a loaded graph (core/src/run.cpp): fuse patterns, price and aggregate
/// with every built cost model, render with every built formatter, and write it back as a JSON
/// graph (`graphstat convert`). The plugins are loaded once per process.
void exercise_graph(Graph& graph);

/// Runs `step`. graphstat::Error is the clean way to refuse an input. Any other exception is a
/// finding: the CLI would print it, but a std::out_of_range or a bad_alloc escaping a reader means
/// a check is missing. Findings abort, so libFuzzer (and the replay test) report them.
template <typename Step>
void refuse_cleanly(Step&& step);

[[noreturn]] void report_finding(const char* what);

}  // namespace graphstat::fuzz

#include "fuzz_support_inl.hpp"
