#include "onnx_graph_builder.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "graphstat/checked.hpp"
#include "graphstat/error.hpp"
#include "graphstat/op_repeat.hpp"
#include "graphstat/printable.hpp"
#include "onnx_op_map.hpp"
#include "onnx_scopes.hpp"

namespace graphstat::frontends::onnxfe {
namespace {

DType to_dtype(std::int32_t type) {
  switch (type) {
    case elem::float16:
      return DType::float16;
    case elem::bfloat16:
      return DType::bfloat16;
    case elem::float64:
      return DType::float64;
    case elem::int8:
      return DType::int8;
    case elem::uint8:
    case elem::string:
      return DType::uint8;
    case elem::int16:
    case elem::uint16:
      return DType::int16;
    case elem::int32:
    case elem::uint32:
      return DType::int32;
    case elem::int64:
    case elem::uint64:
      return DType::int64;
    case elem::boolean:
      return DType::boolean;
    case elem::complex64:
      return DType::complex64;
    case elem::complex128:
      return DType::complex128;
    default:
      return DType::float32;
  }
}

class Builder {
 public:
  Builder(const InferredModel& model, const std::filesystem::path& file)
      : model_(model), graph_proto_(*model.graph), file_(file), scopes_(*model.graph) {}

  Graph build() {
    graph_.reserve_tensors(model_.types.size());
    for (const auto& node : graph_proto_.nodes) flatten(node, Repeat{});
    find_plumbing();
    assign_roles();
    for (const auto& name : model_.inputs) graph_.inputs.push_back(tensor(name, nullptr));
    std::size_t index = 0;
    for (const auto* node : flat_) {
      const std::size_t this_index = index++;
      if (plumbing_nodes_.contains(node)) continue;
      add_node(*node, this_index);
    }
    for (const auto& output : graph_proto_.outputs) {
      if (auto id = graph_.find_tensor(resolve(output.name))) {
        graph_.outputs.push_back(*id);
      } else if (model_.types.contains(resolve(output.name))) {
        // Produced by no kept op (a Scan's stacked outputs, written by its body each iteration).
        graph_.outputs.push_back(tensor(output.name, nullptr));
      }
    }
    return std::move(graph_);
  }

 private:
  [[noreturn]] void fail(const Node* node, std::string_view problem) const {
    if (node == nullptr) throw Error(fmt::format("{}: {}", file_.string(), problem));
    throw Error(
        fmt::format("{}: node '{}' ({}): {}", file_.string(), node->name, node->op_type, problem));
  }

  bool is_float_initializer(const std::string& name) const {
    auto it = model_.initializers.find(name);
    return it != model_.initializers.end() && is_floating(it->second->elem);
  }

  // The type of `name` when its shape is known and holds more than one element (no dim unknown
  // or 0; no product formed, so nothing to overflow).
  const TensorType* table_type(const std::string& name) const {
    auto type = model_.types.find(name);
    if (type == model_.types.end() || !type->second.dims) return nullptr;
    bool more_than_one = false;
    for (const std::int64_t d : *type->second.dims) {
      if (d <= 0) return nullptr;
      more_than_one = more_than_one || d > 1;
    }
    return more_than_one ? &type->second : nullptr;
  }

  // The indices of a gather when they are a constant of more than one element (a scalar index is
  // a select, which TorchScript gives as an attribute).
  bool reads_index_table(const std::string& op, const std::string& name) const {
    return (op == "gather" || op == "gather_elements") && table_type(name) != nullptr;
  }

  // A floating-point tensor of more than one element, of known shape.
  bool is_data_table(const std::string& name) const {
    const TensorType* type = table_type(name);
    return type != nullptr && is_floating(type->elem);
  }

  // A plumbing tensor is known without running the model: a non-float initializer (shape and index
  // constants) or the output of a plumbing node. Weights are never plumbing.
  bool is_plumbing(const std::string& name) const {
    if (name.empty()) return true;
    if (plumbing_tensors_.contains(name)) return true;
    auto it = model_.initializers.find(name);
    return it != model_.initializers.end() && !is_floating(it->second->elem);
  }

  // How many times a flattened node runs: the product of the trip counts of the Loops and Scans
  // around it, and the symbols of those whose count (or If condition) is known only at run time.
  struct Repeat {
    std::int64_t times = 1;
    std::vector<std::string> waits_on;
  };

  // The nodes that run, in order. An If, Loop or Scan that inference planned (ControlPlan) is
  // replaced by the nodes of its subgraphs, each marked with how many times it runs; its outputs
  // become the subgraph's outputs where they are the same tensors. One it could not plan (a body
  // whose carried shapes change per iteration) stays one node that no cost model prices, so it is
  // listed instead of being silently dropped.
  void flatten(const Node& node, const Repeat& outer) {
    auto plan_it = model_.control.find(&node);
    if (plan_it != model_.control.end() && !plan_it->second.bodies.empty()) {
      const ControlPlan& plan = plan_it->second;
      Repeat inner = outer;
      if (plan.repeat) {
        inner.times = static_cast<std::int64_t>(checked_mul(
            dim_count(inner.times, node.name), dim_count(*plan.repeat, node.name), node.name));
      }
      if (!plan.waits_on.empty()) inner.waits_on.push_back(plan.waits_on);
      for (const auto& [formal, actual] : plan.input_aliases) aliases_[formal] = resolve(actual);
      for (const OnnxGraph* body : plan.bodies) {
        for (const auto& inner_node : body->nodes) flatten(inner_node, inner);
      }
      for (const auto& [output, inner_output] : plan.aliases) {
        aliases_[output] = resolve(inner_output);
      }
      return;
    }
    if (node.op_type == "If" || node.op_type == "Loop" || node.op_type == "Scan") {
      control_flow_.insert(&node);
    }
    flat_.push_back(&node);
    if (outer.times != 1 || !outer.waits_on.empty()) repeats_[&node] = outer;
  }

  void find_plumbing() {
    for (const auto* node_ptr : flat_) {
      const auto& node = *node_ptr;
      bool plumbing = node.op_type == "Constant" || reads_only_shapes(node);
      if (!plumbing && !node.inputs.empty() && !control_flow_.contains(&node)) {
        plumbing = true;
        for (const auto& in : node.inputs) plumbing = plumbing && is_plumbing(in);
      }
      // The exporter deduplicates equal initializers and feeds the copies through Identity; the
      // copy is the initializer itself to every consumer.
      if (!plumbing && node.op_type == "Identity" && node.inputs.size() == 1 &&
          node.outputs.size() == 1 && alias_target(node.inputs[0])) {
        aliases_[node.outputs[0]] = *alias_target(node.inputs[0]);
        plumbing = true;
      }
      if (!plumbing) continue;
      plumbing_nodes_.insert(&node);
      for (const auto& out : node.outputs) plumbing_tensors_.insert(out);
    }
  }

  std::optional<std::string> alias_target(const std::string& name) const {
    if (auto it = aliases_.find(name); it != aliases_.end()) return it->second;
    if (model_.initializers.contains(name)) return name;
    return std::nullopt;
  }

  std::string resolve(const std::string& name) const {
    auto it = aliases_.find(name);
    return it == aliases_.end() ? name : it->second;
  }

  // Float initializers read by kept ops are parameters, except batch norm's running statistics
  // (buffers); a tensor that is both (equal values deduplicated by the exporter) is a parameter.
  void assign_roles() {
    for (const auto* node_ptr : flat_) {
      const auto& node = *node_ptr;
      if (plumbing_nodes_.contains(&node)) continue;
      const bool batch_norm = node.op_type == "BatchNormalization";
      for (std::size_t k = 0; k < node.inputs.size(); ++k) {
        const std::string name = resolve(node.inputs[k]);
        if (!is_float_initializer(name)) continue;
        const TensorRole role = batch_norm && k >= 3 ? TensorRole::buffer : TensorRole::parameter;
        auto [it, inserted] = roles_.emplace(name, role);
        if (!inserted && role == TensorRole::parameter) it->second = role;
      }
    }
  }

  TensorId tensor(const std::string& raw_name, const Node* node) {
    const std::string name = resolve(raw_name);
    if (auto id = graph_.find_tensor(name)) return *id;
    Tensor t;
    t.name = name;
    auto type = model_.types.find(name);
    if (type == model_.types.end() || !type->second.dims) {
      // Unknown is a value: the tensor stays in the graph with what it waits on, and the ops that
      // touch it are reported as unresolved instead of ending the run.
      t.symbolic = SymbolicShape{{}, false, waits_of_unknown(name, node)};
    } else {
      t.shape = *type->second.dims;
    }
    if (type != model_.types.end()) {
      // A type no ONNX up to opset 18 defines would be priced as float32: a wrong byte count.
      // 0 (undefined) is what a missing type says, and stays the float32 default.
      if (type->second.elem < 0 || type->second.elem > elem::bfloat16) {
        fail(node, fmt::format("tensor '{}' has the element type {}, which no ONNX version this "
                               "graphstat reads defines (1 to 16)",
                               printable(name), type->second.elem));
      }
      t.dtype = to_dtype(type->second.elem);
    }
    if (auto role = roles_.find(name); role != roles_.end()) {
      t.role = role->second;
    } else if (model_.initializers.contains(name) || plumbing_tensors_.contains(name)) {
      t.role = TensorRole::constant;
    }
    return graph_.add_tensor(std::move(t));
  }

  // What an unknown shape waits on: the symbols inference named for it, else what the producer's
  // unknown inputs wait on, else the reason no rule gave it.
  std::vector<std::string> waits_of_unknown(const std::string& name, const Node* node) const {
    if (auto it = model_.waits_on.find(name); it != model_.waits_on.end()) return it->second;
    std::vector<std::string> waits;
    if (node != nullptr) {
      std::vector<TensorId> inputs;
      for (const auto& in : node->inputs) {
        if (auto id = graph_.find_tensor(resolve(in))) inputs.push_back(*id);
      }
      waits = symbols_waited_on(graph_, inputs);
    }
    if (waits.empty()) {
      auto why = model_.unknown_reason.find(name);
      waits.push_back(why != model_.unknown_reason.end() ? why->second
                                                         : fmt::format("shape of '{}'", name));
    }
    return waits;
  }

  void add_node(const Node& node, std::size_t index) {
    const MappedOp mapped = map_op(node);
    OpNode op;
    op.name = node.name.empty() ? fmt::format("{}_{}", node.op_type, index) : node.name;
    if (!node_names_.insert(op.name).second) op.name = fmt::format("{}#{}", op.name, index);
    op.op = mapped.op;
    op.source_op = node.domain.empty() ? node.op_type : node.domain + "::" + node.op_type;
    op.module = scopes_.module_of(node, index);
    if (mapped.attrs) {
      op.attrs = *mapped.attrs;
    } else {
      copy_attributes(node, op);
    }
    if (auto repeat = repeats_.find(&node); repeat != repeats_.end()) {
      if (!repeat->second.waits_on.empty()) {
        op.attrs.insert_or_assign(std::string(kRepeatWaitsOnAttr),
                                  fmt::format("{}", fmt::join(repeat->second.waits_on, ",")));
      } else {
        op.attrs.insert_or_assign(std::string(kRepeatAttr), repeat->second.times);
      }
    }
    std::vector<std::size_t> order = mapped.operand_order;
    if (order.empty()) {
      for (std::size_t k = 0; k < node.inputs.size(); ++k) order.push_back(k);
    }
    for (const std::size_t k : order) {
      const std::string& name = node.input(k);  // "" for kAbsentOperand too
      if (name.empty()) {
        if (mapped.positional) op.inputs.push_back(kNoTensor);
        continue;
      }
      // Shape and index operands (a Reshape's target, Slice bounds, Clip's limits) and scalar
      // constants are plumbing and carry no memory; only positional ops keep them, in their
      // slots, as constants. A float table (a rotary embedding's cos/sin, folded by the
      // exporter) is data the op reads, as it is from TorchScript once load-time ops are folded;
      // so are the constant indices a gather reads (positions 0..T-1 of an embedding).
      if (is_plumbing(name) && !mapped.positional && k > 0 && !is_data_table(name) &&
          !(k == 1 && reads_index_table(mapped.op, name)))
        continue;
      op.inputs.push_back(tensor(name, &node));
    }
    // Trailing absent operands say nothing.
    while (!op.inputs.empty() && op.inputs.back() == kNoTensor) op.inputs.pop_back();
    for (const auto& name : node.outputs) {
      if (name.empty()) continue;
      if (graph_.find_tensor(name)) fail(&node, fmt::format("output '{}' is produced twice", name));
      op.outputs.push_back(tensor(name, &node));
    }
    try {
      graph_.add_op(std::move(op));
    } catch (const Error& e) {
      fail(&node, e.what());
    }
  }

  const InferredModel& model_;
  const OnnxGraph& graph_proto_;
  const std::filesystem::path& file_;
  ScopeNamer scopes_;
  Graph graph_;
  std::vector<const Node*> flat_;
  std::unordered_set<const Node*> control_flow_;
  std::unordered_map<const Node*, Repeat> repeats_;
  std::unordered_set<const Node*> plumbing_nodes_;
  std::unordered_set<std::string> plumbing_tensors_;
  std::unordered_map<std::string, std::string> aliases_;
  std::unordered_map<std::string, TensorRole> roles_;
  std::unordered_set<std::string> node_names_;
};

}  // namespace

Graph build_graph(const InferredModel& model, const std::filesystem::path& file) {
  return Builder(model, file).build();
}

}  // namespace graphstat::frontends::onnxfe
