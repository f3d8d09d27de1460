#pragma once
/// Report filters: --only (op names or families) and --module (path globs) restrict which ops are
/// counted. A filtered report says so in its caption, so its totals are never read as the model's.

#include <string>
#include <vector>

#include "graphstat/graph.hpp"
#include "graphstat/plugin_registry.hpp"

namespace graphstat {

struct OpFilter {
  /// Canonical op names ("conv", "add") or cost-model families ("matmul", "elementwise"); empty:
  /// every op.
  std::vector<std::string> ops;
  /// Globs on module paths ("layer3.*", "encoder.layers.?.attn"); empty: every module.
  std::vector<std::string> modules;

  bool active() const;
  /// "ops conv,matmul; modules layer3.*", for the report's caption.
  std::string caption() const;
};

/// For each op of the graph, whether the filter keeps it.
std::vector<bool> select_ops(const Graph& graph, const PluginRegistry& plugins,
                             const OpFilter& filter);

/// The graph with only the kept ops (every tensor stays, with its id).
Graph keep_ops(const Graph& graph, const std::vector<bool>& keep);

}  // namespace graphstat
