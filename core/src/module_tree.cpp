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
  std::uint64_t calls = 0;
  std::vector<TensorId> inputs, outputs;  // Crossing the subtree's border, in first-use order.
};

constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);

void add_unique(std::vector<TensorId>& list, TensorId t) {
  if (std::find(list.begin(), list.end(), t) == list.end()) list.push_back(t);
}

void add_measures(OpMeasure& sum, const OpMeasure& m) {
  checked_add_to(sum.macs, m.macs, "MACs");
  checked_add_to(sum.flops, m.flops, "FLOPs");
  checked_add_to(sum.input_bytes, m.input_bytes, "input bytes");
  checked_add_to(sum.output_bytes, m.output_bytes, "output bytes");
  checked_add_to(sum.weight_bytes, m.weight_bytes, "weight bytes");
  sum.seconds += m.seconds;
  sum.live_bytes = std::max(sum.live_bytes, m.live_bytes);  // A peak, not a sum.
}

class TreeBuilder {
 public:
  explicit TreeBuilder(const Graph& graph) : graph_(graph) {
    Row root;
    root.name = "";
    root.kind = RowKind::model;
    rows_.push_back(std::move(root));
    by_name_.emplace("", 0);
  }

  ModuleStats build(const std::vector<OpMeasure>& measures, bool module_shapes) {
    // Modules first, so "has submodules" is known before any op is placed.
    for (Graph::OpId id = 0; id < graph_.op_count(); ++id) module_row(graph_.op(id).module);
    op_row_.reserve(graph_.op_count());
    for (Graph::OpId id = 0; id < graph_.op_count(); ++id) place(id, measures.at(id));
    count_calls();
    if (module_shapes) collect_border_tensors();
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
    op_row_.push_back(target);
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

  // Calls `visit` on `from` and its ancestors that do not also contain `other` (kNoRow: none
  // does, so up to the model row): the rows whose border lies between the two.
  template <class Visit>
  void rows_not_containing(std::size_t from, std::size_t other, Visit visit) {
    std::size_t a = from, b = other;
    if (b == kNoRow) {
      for (;; a = rows_[a].parent) {
        visit(rows_[a]);
        if (a == 0) return;
      }
    }
    while (rows_[a].depth > rows_[b].depth) {
      visit(rows_[a]);
      a = rows_[a].parent;
    }
    while (rows_[b].depth > rows_[a].depth) b = rows_[b].parent;
    while (a != b) {
      visit(rows_[a]);
      a = rows_[a].parent;
      b = rows_[b].parent;
    }
  }

  // A subtree is entered once per run of consecutive ops in it: each op enters the rows that
  // hold it but not the op before it. Linear in ops times the distance between neighbours.
  void count_calls() {
    std::size_t previous = kNoRow;
    for (std::size_t row : op_row_) {
      rows_not_containing(row, previous, [](Row& r) { ++r.calls; });
      previous = row;
    }
  }

  // An activation read by an op of one row and made by an op of another (or a graph input)
  // crosses the border of every row holding one end but not the other.
  void collect_border_tensors() {
    for (Graph::OpId id = 0; id < graph_.op_count(); ++id) {
      for (TensorId t : graph_.op(id).inputs) {
        if (t == kNoTensor || graph_.tensor(t).role != TensorRole::activation) continue;
        const auto producer = graph_.producer(t);
        const std::size_t from = producer ? op_row_[*producer] : kNoRow;
        rows_not_containing(op_row_[id], from, [t](Row& r) { add_unique(r.inputs, t); });
        if (producer) {
          rows_not_containing(from, op_row_[id], [t](Row& r) { add_unique(r.outputs, t); });
        }
      }
    }
    for (TensorId t : graph_.outputs) {
      if (const auto producer = graph_.producer(t)) {
        rows_not_containing(op_row_[*producer], kNoRow, [t](Row& r) { add_unique(r.outputs, t); });
      }
    }
  }

  std::vector<std::string> shape_texts(const std::vector<TensorId>& tensors) const {
    std::vector<std::string> out;
    for (TensorId t : tensors) {
      std::string text = format_tensor_shape(graph_.tensor(t));
      if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
    }
    return out;
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
    stats.peak_live_bytes = row.sum.live_bytes;
    stats.unresolved_ops = row.unresolved_ops;
    stats.first_op = row.first_op;
    stats.calls = row.calls;
    stats.input_shapes = shape_texts(row.inputs);
    stats.output_shapes = shape_texts(row.outputs);

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
      stats.peak_live_bytes = std::max(stats.peak_live_bytes, child.peak_live_bytes);
      stats.unresolved_ops += child.unresolved_ops;
      stats.first_op = std::min(stats.first_op, child.first_op);
      params.insert(params.end(), child_params.begin(), child_params.end());
      std::vector<TensorId>().swap(child_params);
      stats.children.push_back(std::move(child));
    }
    // One sort per row, not a merge per child: a row with thousands of children stays linear-ish.
    std::sort(params.begin(), params.end());
    params.erase(std::unique(params.begin(), params.end()), params.end());
    for (auto t : params) {
      const Tensor& tensor = graph_.tensor(t);
      checked_add_to(stats.params, tensor.numel(), stats.name);
      if (!tensor.trainable) {
        stats.unknown_trainability_params += tensor.numel();
      } else if (!*tensor.trainable) {
        stats.frozen_params += tensor.numel();
      }
    }
    // Memory is a sum over ops; an overflow there is caught here, once per row.
    (void)checked_add(checked_add(stats.input_bytes, stats.output_bytes, stats.name),
                      stats.weight_bytes, stats.name);
    if (stats.op_count == 0) stats.first_op = 0;
    return {std::move(stats), std::move(params)};
  }

  const Graph& graph_;
  std::vector<Row> rows_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::vector<std::size_t> op_row_;  // The row each op's figures went to, by op id.
};

}  // namespace

ModuleStats build_module_tree(const Graph& graph, const std::vector<OpMeasure>& measures,
                              bool module_shapes) {
  return TreeBuilder(graph).build(measures, module_shapes);
}

}  // namespace graphstat
