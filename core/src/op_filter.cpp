// --only and --module: which ops a report counts (docs/config.md, "Filters").

#include "graphstat/op_filter.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>

namespace graphstat {
namespace {

bool matches_any_glob(const std::vector<std::string>& globs, const std::string& text) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    // No FNM_PATHNAME: '*' spans dots, so 'layer3.*' takes every module below layer3.
    return ::fnmatch(glob.c_str(), text.c_str(), 0) == 0;
  });
}

}  // namespace

bool OpFilter::active() const { return !ops.empty() || !modules.empty(); }

std::string OpFilter::caption() const {
  std::vector<std::string> parts;
  if (!ops.empty()) parts.push_back(fmt::format("ops {}", fmt::join(ops, ",")));
  if (!modules.empty()) parts.push_back(fmt::format("modules {}", fmt::join(modules, ",")));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::vector<bool> select_ops(const Graph& graph, const PluginRegistry& plugins,
                             const OpFilter& filter) {
  std::vector<bool> keep(graph.op_count(), true);
  if (!filter.active()) return keep;
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpNode& node = graph.op(id);
    bool selected = true;
    if (!filter.ops.empty()) {
      // An entry names a canonical op ("conv", "add") or a family: the cost model pricing it.
      const auto* entry = plugins.cost_model_for(node.op);
      selected = std::any_of(filter.ops.begin(), filter.ops.end(), [&](const std::string& name) {
        return name == node.op || (entry != nullptr && name == entry->plugin);
      });
    }
    if (selected && !filter.modules.empty()) {
      selected = matches_any_glob(filter.modules, node.module);
    }
    keep[id] = selected;
  }
  return keep;
}

Graph keep_ops(const Graph& graph, const std::vector<bool>& keep) {
  Graph out;
  out.name = graph.name;
  out.bindings = graph.bindings;
  out.notes = graph.notes;
  out.inputs = graph.inputs;
  out.outputs = graph.outputs;
  out.reserve_tensors(graph.tensor_count());
  // Every tensor, in order, so tensor ids stay valid; only the kept ops.
  for (TensorId id = 0; id < graph.tensor_count(); ++id) out.add_tensor(graph.tensor(id));
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    if (keep.at(id)) out.add_op(graph.op(id));
  }
  return out;
}

}  // namespace graphstat
