#include "onnx_graph_builder.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "graphstat/error.hpp"
#include "onnx_op_map.hpp"
#include "onnx_scopes.hpp"

namespace graphstat::frontends::onnxfe {
namespace {

using ::onnx::TensorProto;

DType to_dtype(std::int32_t elem) {
  switch (elem) {
    case TensorProto::FLOAT16:
      return DType::float16;
    case TensorProto::BFLOAT16:
      return DType::bfloat16;
    case TensorProto::DOUBLE:
      return DType::float64;
    case TensorProto::INT8:
      return DType::int8;
    case TensorProto::UINT8:
    case TensorProto::STRING:
      return DType::uint8;
    case TensorProto::INT16:
    case TensorProto::UINT16:
      return DType::int16;
    case TensorProto::INT32:
    case TensorProto::UINT32:
      return DType::int32;
    case TensorProto::INT64:
    case TensorProto::UINT64:
      return DType::int64;
    case TensorProto::BOOL:
      return DType::boolean;
    case TensorProto::COMPLEX64:
      return DType::complex64;
    case TensorProto::COMPLEX128:
      return DType::complex128;
    default:
      return DType::float32;
  }
}

bool is_floating(std::int32_t elem) {
  return elem == TensorProto::FLOAT || elem == TensorProto::FLOAT16 ||
         elem == TensorProto::BFLOAT16 || elem == TensorProto::DOUBLE;
}

class Builder {
 public:
  Builder(const InferredModel& model, const std::filesystem::path& file)
      : model_(model), graph_proto_(*model.graph), file_(file), scopes_(*model.graph) {}

  Graph build() {
    for (const auto& node : graph_proto_.node()) flatten(node);
    find_plumbing();
    assign_roles();
    for (const auto& name : model_.inputs) graph_.inputs.push_back(tensor(name, nullptr));
    std::size_t index = 0;
    for (const auto* node : flat_) {
      const std::size_t this_index = index++;
      if (plumbing_nodes_.contains(node)) continue;
      add_node(*node, this_index);
    }
    for (const auto& output : graph_proto_.output()) {
      if (auto id = graph_.find_tensor(resolve(output.name()))) graph_.outputs.push_back(*id);
    }
    return std::move(graph_);
  }

 private:
  [[noreturn]] void fail(const ::onnx::NodeProto* node, std::string_view problem) const {
    if (node == nullptr) throw Error(fmt::format("{}: {}", file_.string(), problem));
    throw Error(fmt::format("{}: node '{}' ({}): {}", file_.string(), node->name(), node->op_type(),
                            problem));
  }

  bool is_float_initializer(const std::string& name) const {
    auto it = model_.initializers.find(name);
    return it != model_.initializers.end() && is_floating(it->second->data_type());
  }

  // A plumbing tensor is known without running the model: a non-float initializer (shape and index
  // constants) or the output of a plumbing node. Weights are never plumbing.
  bool is_plumbing(const std::string& name) const {
    if (name.empty()) return true;
    if (plumbing_tensors_.contains(name)) return true;
    auto it = model_.initializers.find(name);
    return it != model_.initializers.end() && !is_floating(it->second->data_type());
  }

  // The nodes that run, in order: an If whose condition is known statically is replaced by the
  // nodes of the branch it takes (its outputs become the branch's outputs); an If with an unknown
  // condition, a Loop or a Scan stays one node that no cost model prices, so it is listed as
  // unsupported instead of being silently dropped.
  void flatten(const ::onnx::NodeProto& node) {
    if (node.op_type() == "If" && node.input_size() == 1) {
      auto cond = model_.values.find(resolve(node.input(0)));
      if (cond != model_.values.end() && cond->second.int32_data_size() == 1) {
        const char* branch = cond->second.int32_data(0) != 0 ? "then_branch" : "else_branch";
        for (const auto& a : node.attribute()) {
          if (a.name() != branch || !a.has_g()) continue;
          for (const auto& inner : a.g().node()) flatten(inner);
          for (int k = 0; k < node.output_size() && k < a.g().output_size(); ++k) {
            aliases_[node.output(k)] = resolve(a.g().output(k).name());
          }
          return;
        }
      }
    }
    if (node.op_type() == "If" || node.op_type() == "Loop" || node.op_type() == "Scan") {
      control_flow_.insert(&node);
    }
    flat_.push_back(&node);
  }

  void find_plumbing() {
    for (const auto* node_ptr : flat_) {
      const auto& node = *node_ptr;
      bool plumbing = node.op_type() == "Constant" || reads_only_shapes(node);
      if (!plumbing && node.input_size() > 0 && !control_flow_.contains(&node)) {
        plumbing = true;
        for (const auto& in : node.input()) plumbing = plumbing && is_plumbing(in);
      }
      // The exporter deduplicates equal initializers and feeds the copies through Identity; the
      // copy is the initializer itself to every consumer.
      if (!plumbing && node.op_type() == "Identity" && node.input_size() == 1 &&
          node.output_size() == 1 && alias_target(node.input(0))) {
        aliases_[node.output(0)] = *alias_target(node.input(0));
        plumbing = true;
      }
      if (!plumbing) continue;
      plumbing_nodes_.insert(&node);
      for (const auto& out : node.output()) plumbing_tensors_.insert(out);
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
      const bool batch_norm = node.op_type() == "BatchNormalization";
      for (int k = 0; k < node.input_size(); ++k) {
        const std::string name = resolve(node.input(k));
        if (!is_float_initializer(name)) continue;
        const TensorRole role = batch_norm && k >= 3 ? TensorRole::buffer : TensorRole::parameter;
        auto [it, inserted] = roles_.emplace(name, role);
        if (!inserted && role == TensorRole::parameter) it->second = role;
      }
    }
  }

  TensorId tensor(const std::string& raw_name, const ::onnx::NodeProto* node) {
    const std::string name = resolve(raw_name);
    if (auto id = graph_.find_tensor(name)) return *id;
    Tensor t;
    t.name = name;
    auto type = model_.types.find(name);
    if (type == model_.types.end() || !type->second.has_tensor_type()) {
      fail(node, fmt::format("the shape of '{}' cannot be inferred", name));
    }
    auto shape = concrete_shape(type->second);
    if (!shape) {
      fail(node, fmt::format("the shape of '{}' cannot be inferred (got {})", name,
                             type->second.tensor_type().shape().ShortDebugString()));
    }
    t.shape = std::move(*shape);
    t.dtype = to_dtype(type->second.tensor_type().elem_type());
    if (auto role = roles_.find(name); role != roles_.end()) {
      t.role = role->second;
    } else if (model_.initializers.contains(name) || plumbing_tensors_.contains(name)) {
      t.role = TensorRole::constant;
    }
    return graph_.add_tensor(std::move(t));
  }

  void add_node(const ::onnx::NodeProto& node, std::size_t index) {
    const MappedOp mapped = map_op(node);
    OpNode op;
    op.name = node.name().empty() ? fmt::format("{}_{}", node.op_type(), index) : node.name();
    if (!node_names_.insert(op.name).second) op.name = fmt::format("{}#{}", op.name, index);
    op.op = mapped.op;
    op.source_op = node.domain().empty() ? node.op_type() : node.domain() + "::" + node.op_type();
    op.module = scopes_.module_of(node, index);
    copy_attributes(node, op);
    for (int k = 0; k < node.input_size(); ++k) {
      const std::string& name = node.input(k);
      if (name.empty()) {
        if (mapped.positional) op.inputs.push_back(kNoTensor);
        continue;
      }
      // Shape and index operands (a Reshape's target, Slice bounds, Clip's limits) are plumbing
      // and carry no memory; only positional ops keep them, in their slots, as constants.
      if (is_plumbing(name) && !mapped.positional && k > 0) continue;
      op.inputs.push_back(tensor(name, &node));
    }
    // Trailing absent operands say nothing.
    while (!op.inputs.empty() && op.inputs.back() == kNoTensor) op.inputs.pop_back();
    for (const auto& name : node.output()) {
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
  const ::onnx::GraphProto& graph_proto_;
  const std::filesystem::path& file_;
  ScopeNamer scopes_;
  Graph graph_;
  std::vector<const ::onnx::NodeProto*> flat_;
  std::unordered_set<const ::onnx::NodeProto*> control_flow_;
  std::unordered_set<const ::onnx::NodeProto*> plumbing_nodes_;
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
