#include <algorithm>
#include <limits>
#include <unordered_map>

#include "graphstat/analysis.hpp"
#include "graphstat/checked.hpp"

namespace graphstat {
namespace {

// A row of the tree while it is being built; converted to ModuleStats at the end.
struct Row {
  std::string name;
  RowKind kind = RowKind::module;
  int depth = 0;
  std::size_t parent = 0;
  std::vector<std::size_t> children;
  OpMeasure sum;
  double compute_bound_seconds = 0;
  std::uint64_t op_count = 0;
  std::uint64_t unresolved_ops = 0;
  std::uint64_t first_op = std::numeric_limits<std::uint64_t>::max();
  std::vector<TensorId> own_params;  // In first-use order.
};

void add_measures(OpMeasure& sum, const OpMeasure& m) {
  checked_add_to(sum.macs, m.macs, "MACs");
  checked_add_to(sum.flops, m.flops, "FLOPs");
  checked_add_to(sum.input_bytes, m.input_bytes, "input bytes");
  checked_add_to(sum.output_bytes, m.output_bytes, "output bytes");
  checked_add_to(sum.weight_bytes, m.weight_bytes, "weight bytes");
  sum.seconds += m.seconds;
}

class TreeBuilder {
 public:
  explicit TreeBuilder(const Graph& graph) : graph_(graph) {
    rows_.push_back(Row{"model",
                        RowKind::model,
                        0,
                        0,
                        {},
                        {},
                        0,
                        0,
                        0,
                        std::numeric_limits<std::uint64_t>::max(),
                        {}});
    by_name_.emplace("", 0);
  }

  ModuleStats build(const std::vector<OpMeasure>& measures) {
    // Modules first, so "has submodules" is known before any op is placed.
    for (Graph::OpId id = 0; id < graph_.op_count(); ++id) module_row(graph_.op(id).module);
    for (Graph::OpId id = 0; id < graph_.op_count(); ++id) place(id, measures.at(id));
    // Post-order without recursion: a row is always added after its parent, so walking the rows
    // backwards finishes every child before its parent.
    std::vector<Finished> finished(rows_.size());
    for (std::size_t i = rows_.size(); i-- > 0;) finished[i] = finish(i, finished);
    return std::move(finished[0].first);
  }

 private:
  // The row of a module path, created with its missing ancestors. A loop, not a recursion over
  // the path's levels: a deep path (the core caps it, limits.max_module_depth, but a config may
  // raise that) costs no stack.
  std::size_t module_row(const std::string& path) {
    if (auto it = by_name_.find(path); it != by_name_.end()) return it->second;
    std::vector<std::size_t> missing;  // End offsets of the prefixes without a row, deepest first.
    std::size_t parent = 0;
    for (std::size_t end = path.size();;) {
      missing.push_back(end);
      const auto dot = path.rfind('.', end - 1);
      if (dot == std::string::npos) break;  // Its parent is the model row.
      if (auto it = by_name_.find(path.substr(0, dot)); it != by_name_.end()) {
        parent = it->second;
        break;
      }
      end = dot;
    }
    for (auto end = missing.rbegin(); end != missing.rend(); ++end) {
      parent = add_row(path.substr(0, *end), RowKind::module, parent);
    }
    return parent;
  }

  std::size_t add_row(const std::string& name, RowKind kind, std::size_t parent) {
    const std::size_t index = rows_.size();
    Row row;
    row.name = name;
    row.kind = kind;
    row.depth = rows_[parent].depth + 1;
    row.parent = parent;
    rows_.push_back(std::move(row));
    rows_[parent].children.push_back(index);
    by_name_.emplace(name, index);
    return index;
  }

  // An op of a leaf module is that module's own work; an op of a module with submodules (or of the
  // model itself) is a functional call its forward made, shown as a leaf row <module>.<op>.
  void place(Graph::OpId id, const OpMeasure& m) {
    const OpNode& node = graph_.op(id);
    const std::size_t module = by_name_.at(node.module);
    std::size_t target = module;
    if (module == 0 || !rows_[module].children.empty()) {
      const std::string name = node.module.empty() ? node.op : node.module + "." + node.op;
      auto it = by_name_.find(name);
      target = it != by_name_.end() ? it->second : add_row(name, RowKind::op, module);
    }
    Row& row = rows_[target];
    add_measures(row.sum, m);
    if (m.compute_bound) row.compute_bound_seconds += m.seconds;
    row.op_count += 1;
    if (!m.resolved) row.unresolved_ops += 1;
    row.first_op = std::min<std::uint64_t>(row.first_op, id);

    auto& params = rows_[module].own_params;
    for (auto t : node.inputs) {
      if (t == kNoTensor || graph_.tensor(t).role != TensorRole::parameter) continue;
      if (std::find(params.begin(), params.end(), t) == params.end()) params.push_back(t);
    }
  }

  // The finished stats of a row and the sorted distinct parameters of its subtree.
  using Finished = std::pair<ModuleStats, std::vector<TensorId>>;

  // Finishes one row from its children's finished results, which it takes over.
  Finished finish(std::size_t index, std::vector<Finished>& finished) {
    const Row& row = rows_[index];
    ModuleStats stats;
    stats.name = row.name.empty() ? "model" : row.name;
    stats.kind = row.kind;
    stats.depth = row.depth;
    stats.macs = row.sum.macs;
    stats.flops = row.sum.flops;
    stats.input_bytes = row.sum.input_bytes;
    stats.output_bytes = row.sum.output_bytes;
    stats.weight_bytes = row.sum.weight_bytes;
    stats.seconds = row.sum.seconds;
    stats.compute_bound_seconds = row.compute_bound_seconds;
    stats.op_count = row.op_count;
    stats.unresolved_ops = row.unresolved_ops;
    stats.first_op = row.first_op;

    std::vector<TensorId> params = row.own_params;
    for (auto t : row.own_params) {
      const Tensor& tensor = graph_.tensor(t);
      stats.param_rows.push_back(ParamRow{tensor.name, tensor.shape, tensor.numel()});
    }
    for (auto child_index : row.children) {
      auto& [child, child_params] = finished[child_index];
      checked_add_to(stats.macs, child.macs, stats.name);
      checked_add_to(stats.flops, child.flops, stats.name);
      checked_add_to(stats.input_bytes, child.input_bytes, stats.name);
      checked_add_to(stats.output_bytes, child.output_bytes, stats.name);
      checked_add_to(stats.weight_bytes, child.weight_bytes, stats.name);
      stats.seconds += child.seconds;
      stats.compute_bound_seconds += child.compute_bound_seconds;
      stats.op_count += child.op_count;
      stats.unresolved_ops += child.unresolved_ops;
      stats.first_op = std::min(stats.first_op, child.first_op);
      params.insert(params.end(), child_params.begin(), child_params.end());
      std::vector<TensorId>().swap(child_params);
      stats.children.push_back(std::move(child));
    }
    // One sort per row, not a merge per child: a row with thousands of children stays linear-ish.
    std::sort(params.begin(), params.end());
    params.erase(std::unique(params.begin(), params.end()), params.end());
    for (auto t : params) checked_add_to(stats.params, graph_.tensor(t).numel(), stats.name);
    // Memory is a sum over ops; an overflow there is caught here, once per row.
    (void)checked_add(checked_add(stats.input_bytes, stats.output_bytes, stats.name),
                      stats.weight_bytes, stats.name);
    if (stats.op_count == 0) stats.first_op = 0;
    return {std::move(stats), std::move(params)};
  }

  const Graph& graph_;
  std::vector<Row> rows_;
  std::unordered_map<std::string, std::size_t> by_name_;
};

}  // namespace

ModuleStats build_module_tree(const Graph& graph, const std::vector<OpMeasure>& measures) {
  return TreeBuilder(graph).build(measures);
}

}  // namespace graphstat
