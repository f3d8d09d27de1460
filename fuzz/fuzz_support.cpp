#include "fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "graphstat/analysis.hpp"
#include "graphstat/fuse_patterns.hpp"
#include "graphstat/json_graph_writer.hpp"
#include "graphstat/plugin_registry.hpp"

namespace graphstat::fuzz {

namespace fs = std::filesystem;

ScratchFile::ScratchFile(std::string_view name) {
  std::string pattern = (fs::temp_directory_path() / "graphstat-fuzz-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) report_finding("cannot create a scratch directory");
  dir_ = pattern;
  file_ = dir_ / name;
}

ScratchFile::~ScratchFile() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

const fs::path& ScratchFile::write(const std::uint8_t* data, std::size_t size) {
  std::ofstream out(file_, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) report_finding("cannot write the scratch file");
  return file_;
}

namespace {

// GRAPHSTAT_FUZZ_PLUGINS: the cost-model and formatter modules of this build, ':'-separated
// (fuzz/CMakeLists.txt). Frontends are linked in directly: each target calls its own.
std::vector<std::string> plugin_files() {
  std::vector<std::string> files;
  std::istringstream list(GRAPHSTAT_FUZZ_PLUGINS);
  for (std::string file; std::getline(list, file, ':');) {
    if (!file.empty()) files.push_back(file);
  }
  return files;
}

const PluginRegistry& plugins() {
  static const std::unique_ptr<PluginRegistry> registry = [] {
    auto r = std::make_unique<PluginRegistry>();
    try {
      for (const std::string& file : plugin_files()) r->load_library(file);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fuzz: cannot load the plugins: %s\n", e.what());
      std::abort();
    }
    return r;
  }();
  return *registry;
}

}  // namespace

void exercise_graph(Graph& graph) {
  fuse_patterns(graph);
  {
    std::ostringstream json;
    write_json_graph(graph, json);
  }
  const PluginRegistry& registry = plugins();
  const Report report = make_report(graph, registry, ReportOptions{});
  for (const std::string& name : registry.formatter_names()) {
    std::ostringstream text;
    registry.formatter(name)->render(report, text);
  }
}

void report_finding(const char* what) {
  std::fprintf(stderr, "fuzz: finding: %s\n", what);
  std::abort();
}

}  // namespace graphstat::fuzz
