#pragma once
/// Frontend plugin interface: reads one model file format into the graph IR.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/graph.hpp"
#include "graphstat/plugin.hpp"

namespace graphstat {

/// A user-given input binding: `--input-shape x=1x3x224x224` or a config's `inputs:` entry.
struct InputSpec {
  std::string name;  ///< Empty: bind graph inputs in order.
  Shape shape;
  std::optional<DType> dtype;
};

/// Symbolic dims bound by name: `--dim num_boxes=100`, a config's `dims:`.
using DimValues = std::map<std::string, std::int64_t, std::less<>>;

/// Resource limits on what a model file may make graphstat build (docs/errors.md, "Limits"). The
/// defaults sit far above any real export (a 126-layer LLM exports to ~2*10^4 ONNX nodes, module
/// paths are 4-8 levels deep) and below what exhausts a workstation's memory (an op costs the IR
/// ~0.5 KB, 4M ops ~2 GB) or the stack; a config's `limits:` section raises or lowers them.
/// Exceeding one is a graphstat::Error naming the file, the limit and its config key.
struct Limits {
  std::uint64_t max_ops = 4'000'000;      ///< limits.max_ops: ops in the graph.
  std::uint64_t max_tensors = 8'000'000;  ///< limits.max_tensors: tensors in the graph.
  std::uint64_t max_module_depth = 256;   ///< limits.max_module_depth: levels of a module path.
  std::uint64_t max_module_path = 4096;   ///< limits.max_module_path: bytes of a module path.
  /// limits.max_function_nodes: nodes produced by inlining ONNX model-local functions.
  std::uint64_t max_function_nodes = 4'000'000;
  std::uint64_t max_function_depth = 32;  ///< limits.max_function_depth: nested function calls.
  std::uint64_t max_subgraph_depth =
      16;  ///< limits.max_subgraph_depth: nested If/Loop/Scan bodies.
  /// limits.max_inlined_calls: TorchScript method and function calls inlined.
  std::uint64_t max_inlined_calls = 1'000'000;
  /// limits.max_loop_iterations: TorchScript loop body runs, summed over all loops.
  std::uint64_t max_loop_iterations = 1'000'000;
};

/// The error for an exceeded limit: "<file>: <what>: over limits.<key> = <limit> (raise it in
/// the config's limits: section)".
[[noreturn]] void throw_limit(const std::filesystem::path& file, std::string_view what,
                              std::string_view key, std::uint64_t limit);

struct LoadOptions {
  std::vector<InputSpec> inputs;
  /// Symbolic dims bound by name (`--dim num_boxes=100`, a config's `dims:`): a dynamic input dim
  /// or a data-dependent one. A frontend records every binding it uses in Graph::bindings.
  DimValues dims{};
  Limits limits{};
};

class BOOST_SYMBOL_VISIBLE Frontend : public Plugin {
 public:
  ~Frontend() override;

  /// File extensions claimed, with the dot: {".onnx"}.
  virtual std::vector<std::string> extensions() const = 0;

  /// True when the first bytes of a file (up to 4 KiB) look like this format; used when the
  /// extension says nothing.
  virtual bool sniff(std::string_view head) const = 0;

  /// Builds the graph. A shape that cannot be made concrete is not an error: the tensor carries a
  /// SymbolicShape naming what it waits on (graph.hpp), and the ops touching it are reported as
  /// unresolved. An unbound dim of a graph input defaults to 1, recorded in Graph::bindings with
  /// `defaulted` set and a line in Graph::notes. Errors are graphstat::Error naming the file and
  /// the problem.
  virtual Graph load(const std::filesystem::path& file, const LoadOptions& options) const = 0;
};

}  // namespace graphstat
