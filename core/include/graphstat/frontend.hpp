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

struct LoadOptions {
  std::vector<InputSpec> inputs;
  /// Symbolic dims bound by name (`--dim num_boxes=100`, a config's `dims:`): a dynamic input dim
  /// or a data-dependent one. A frontend records every binding it uses in Graph::bindings.
  DimValues dims{};
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
