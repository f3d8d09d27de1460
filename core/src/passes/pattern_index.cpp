#include "pattern_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_set>

namespace graphstat::passes {

PatternIndex::PatternIndex(const Graph& graph)
    : graph_(graph),
      consumers_(graph.tensor_count()),
      graph_output_(graph.tensor_count(), false),
      claimed_(graph.op_count(), false) {
  for (OpId id = 0; id < graph.op_count(); ++id) {
    for (const TensorId t : graph.op(id).inputs) {
      if (t == kNoTensor) continue;
      auto& readers = consumers_[t];
      if (readers.empty() || readers.back() != id) readers.push_back(id);
    }
  }
  for (const TensorId t : graph.outputs) graph_output_[t] = true;
}

bool PatternIndex::is(OpId id, std::string_view name) const {
  return !claimed_[id] && graph_.op(id).op == name;
}

std::optional<OpId> PatternIndex::producer(TensorId t, std::string_view name) const {
  if (t == kNoTensor) return std::nullopt;
  const auto id = graph_.producer(t);
  if (!id || !is(*id, name)) return std::nullopt;
  return id;
}

std::optional<OpId> PatternIndex::sole_consumer(TensorId t, std::string_view name) const {
  if (t == kNoTensor || graph_output_[t] || consumers_[t].size() != 1) return std::nullopt;
  const OpId id = consumers_[t].front();
  if (!is(id, name)) return std::nullopt;
  return id;
}

bool PatternIndex::scalars_besides(OpId op, std::size_t main) const {
  const OpNode& node = graph_.op(op);
  if (main >= node.inputs.size()) return false;
  for (std::size_t i = 0; i < node.inputs.size(); ++i) {
    if (i == main || node.inputs[i] == kNoTensor) continue;
    const Tensor& t = graph_.tensor(node.inputs[i]);
    if (t.role != TensorRole::constant || !t.is_static() || t.numel() > 1) return false;
  }
  return true;
}

bool PatternIndex::all_static(const std::vector<TensorId>& ids) const {
  return std::all_of(ids.begin(), ids.end(),
                     [&](TensorId t) { return t == kNoTensor || graph_.tensor(t).is_static(); });
}

bool PatternIndex::try_claim(const Fusion& fusion) {
  const std::set<OpId> members(fusion.members.begin(), fusion.members.end());
  std::set<TensorId> written;
  for (const OpId id : members) {
    if (claimed_[id]) return false;
    for (const TensorId t : graph_.op(id).outputs) {
      if (t != kNoTensor) written.insert(t);
    }
  }
  for (const TensorId t : fusion.fused.outputs) {
    if (!written.erase(t)) return false;
  }
  // What remains are the intermediates: read only inside the pattern, never a graph output.
  for (const TensorId t : written) {
    if (graph_output_[t]) return false;
    for (const OpId reader : consumers_[t]) {
      if (!members.contains(reader)) return false;
    }
  }
  // No fused operand may be an intermediate.
  for (const TensorId t : fusion.fused.inputs) {
    if (t != kNoTensor && written.contains(t)) return false;
  }
  if (!all_static(fusion.fused.inputs) || !all_static(fusion.fused.outputs)) return false;
  for (const OpId id : members) claimed_[id] = true;
  return true;
}

namespace {

// The longest dotted prefix all modules share: "a.b.c" and "a.b.d" give "a.b".
std::string common_module(const Graph& graph, const std::vector<OpId>& members) {
  std::string common = graph.op(members.front()).module;
  for (const OpId id : members) {
    const std::string& module = graph.op(id).module;
    std::size_t keep = 0;
    for (std::size_t i = 0; i <= std::min(common.size(), module.size()); ++i) {
      const bool end_a = i == common.size() || common[i] == '.';
      const bool end_b = i == module.size() || module[i] == '.';
      if (end_a && end_b) keep = i;
      if (i == common.size() || i == module.size() || common[i] != module[i]) break;
    }
    common.resize(keep);
  }
  return common;
}

// "fused(ReduceMean,Sub,Pow,...)": what the pattern was in the file, each source op once.
std::string fused_source(const Graph& graph, std::vector<OpId> members) {
  std::sort(members.begin(), members.end());
  std::vector<std::string> seen;
  for (const OpId id : members) {
    const OpNode& node = graph.op(id);
    const std::string& shown = node.source_op.empty() ? node.op : node.source_op;
    if (std::find(seen.begin(), seen.end(), shown) == seen.end()) seen.push_back(shown);
  }
  return fmt::format("fused({})", fmt::join(seen, ","));
}

}  // namespace

void match_identities(PatternIndex& index, std::vector<OpId>& out) {
  for (OpId id = 0; id < index.op_count(); ++id) {
    if (!index.is(id, "dropout") && !index.is(id, "slice") && !index.is(id, "contiguous")) continue;
    const OpNode& node = index.op(id);
    if (node.inputs.empty() || node.inputs[0] == kNoTensor || node.outputs.empty()) continue;
    const TensorId kept = node.outputs[0];
    if (kept == kNoTensor || !index.all_static({kept, node.inputs[0]}) ||
        index.tensor(kept).shape != index.tensor(node.inputs[0]).shape ||
        index.tensor(kept).dtype != index.tensor(node.inputs[0]).dtype)
      continue;
    // The whole op goes, so a mask output must be unread (the claim checks it).
    Fusion alias;
    alias.members = {id};
    alias.fused.outputs = {kept};
    alias.fused.inputs = {node.inputs[0]};
    if (index.try_claim(alias)) out.push_back(id);
  }
}

Graph rewrite(const Graph& graph, const std::vector<Fusion>& fusions,
              const std::vector<OpId>& elided) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> fusion_of(graph.op_count(), kNone);
  std::vector<OpId> anchor(fusions.size());
  std::vector<bool> dropped(graph.tensor_count(), false);
  for (std::size_t f = 0; f < fusions.size(); ++f) {
    anchor[f] = *std::max_element(fusions[f].members.begin(), fusions[f].members.end());
    for (const OpId id : fusions[f].members) {
      fusion_of[id] = f;
      for (const TensorId t : graph.op(id).outputs) {
        if (t != kNoTensor) dropped[t] = true;
      }
    }
    for (const TensorId t : fusions[f].fused.outputs) dropped[t] = false;
  }
  std::vector<bool> is_elided(graph.op_count(), false);
  for (const OpId id : elided) {
    is_elided[id] = true;
    for (const TensorId t : graph.op(id).outputs) {
      if (t != kNoTensor) dropped[t] = true;
    }
  }

  Graph out;
  out.name = graph.name;
  out.bindings = graph.bindings;
  out.notes = graph.notes;
  out.reserve_tensors(graph.tensor_count());
  std::vector<TensorId> remap(graph.tensor_count(), kNoTensor);
  for (TensorId t = 0; t < graph.tensor_count(); ++t) {
    if (!dropped[t]) remap[t] = out.add_tensor(graph.tensor(t));
  }
  // An elided op's output is its input; ops are in execution order, so chains resolve.
  for (const OpId id : elided) {
    const OpNode& node = graph.op(id);
    remap[node.outputs[0]] = remap[node.inputs[0]];
  }
  const auto mapped = [&](const std::vector<TensorId>& ids) {
    std::vector<TensorId> result;
    result.reserve(ids.size());
    for (const TensorId t : ids) result.push_back(t == kNoTensor ? kNoTensor : remap.at(t));
    return result;
  };

  std::unordered_set<std::string> names;
  for (OpId id = 0; id < graph.op_count(); ++id) names.insert(graph.op(id).name);
  for (OpId id = 0; id < graph.op_count(); ++id) {
    if (is_elided[id]) continue;
    const std::size_t f = fusion_of[id];
    if (f == kNone) {
      OpNode node = graph.op(id);
      node.inputs = mapped(node.inputs);
      node.outputs = mapped(node.outputs);
      out.add_op(std::move(node));
      continue;
    }
    if (anchor[f] != id) continue;
    OpNode node = fusions[f].fused;
    node.module = common_module(graph, fusions[f].members);
    node.source_op = fused_source(graph, fusions[f].members);
    const std::string base = node.module.empty() ? node.op : node.module + "/" + node.op;
    node.name = base;
    for (int n = 1; !names.insert(node.name).second; ++n) node.name = fmt::format("{}_{}", base, n);
    node.inputs = mapped(node.inputs);
    node.outputs = mapped(node.outputs);
    out.add_op(std::move(node));
  }
  out.inputs = mapped(graph.inputs);
  out.outputs = mapped(graph.outputs);
  return out;
}

}  // namespace graphstat::passes
