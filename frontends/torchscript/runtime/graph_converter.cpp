#include "graph_converter.hpp"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "aten_mapping.hpp"
#include "data_dependent.hpp"
#include "graphstat/error.hpp"
#include "module_path.hpp"
#include "op_evaluator.hpp"
#include "shape_functions.hpp"
#include "symbols.hpp"

namespace graphstat::frontends::torchscript {
namespace {

namespace fs = std::filesystem;
using torch::jit::Block;
using torch::jit::Node;
using torch::jit::Value;

// Nodes that only move Python scalars, lists, tuples or module references around: no row, no
// memory. Tensors passing through the container ones keep their identity (resolve()).
const std::unordered_set<std::string>& plumbing_kinds() {
  static const std::unordered_set<std::string> kinds = {
      "prim::Constant",
      "prim::ListConstruct",
      "prim::ListUnpack",
      "prim::TupleConstruct",
      "prim::TupleUnpack",
      "prim::TupleIndex",
      "prim::DictConstruct",
      "prim::DictIndex",
      "aten::dict",
      "aten::keys",
      "aten::values",
      "aten::items",
      "aten::append",
      "aten::_set_item",
      "aten::__contains__",
      "aten::list",
      "prim::GetAttr",
      "prim::NumToTensor",
      "prim::device",
      "prim::dtype",
      "prim::shape",
      "prim::min",
      "prim::max",
      "prim::unchecked_cast",
      "prim::RaiseException",
      "prim::Uninitialized",
      "aten::size",
      "aten::Int",
      "aten::Float",
      "aten::Bool",
      "aten::ScalarImplicit",
      "aten::dim",
      "aten::len",
      "aten::__getitem__",
      "aten::numel",
      "aten::item",
      "aten::warn",
      "aten::__is__",
      "aten::__isnot__",
      "aten::format",
  };
  return kinds;
}

bool is_tensor_type(const c10::TypePtr& type) { return type->kind() == c10::TypeKind::TensorType; }

bool is_tensor_list_type(const c10::TypePtr& type) {
  const auto list = type->cast<c10::ListType>();
  return list && is_tensor_type(list->getElementType());
}

bool is_optional_tensor_list_type(const c10::TypePtr& type) {
  const auto list = type->cast<c10::ListType>();
  if (!list) return false;
  const auto optional = list->getElementType()->cast<c10::OptionalType>();
  return optional && is_tensor_type(optional->getElementType());
}

// Tensor, or a container (list, tuple, dict, optional) that may hold one.
bool holds_tensors(const c10::TypePtr& type) {
  if (is_tensor_type(type)) return true;
  for (const c10::TypePtr& inner : type->containedTypes()) {
    if (holds_tensors(inner)) return true;
  }
  return false;
}

// Every defined tensor inside `value`, in order.
void tensors_in(const c10::IValue& value, std::vector<at::Tensor>& out) {
  if (value.isTensor()) {
    if (value.toTensor().defined()) out.push_back(value.toTensor());
  } else if (value.isList()) {
    for (const c10::IValue& element : value.toListRef()) tensors_in(element, out);
  } else if (value.isTuple()) {
    for (const c10::IValue& element : value.toTupleRef().elements()) tensors_in(element, out);
  } else if (value.isGenericDict()) {
    for (const auto& entry : value.toGenericDict()) tensors_in(entry.value(), out);
  }
}

std::optional<DType> to_dtype(c10::ScalarType type) {
  switch (type) {
    case c10::ScalarType::Float:
      return DType::float32;
    case c10::ScalarType::Half:
      return DType::float16;
    case c10::ScalarType::BFloat16:
      return DType::bfloat16;
    case c10::ScalarType::Double:
      return DType::float64;
    case c10::ScalarType::Char:
      return DType::int8;
    case c10::ScalarType::Byte:
      return DType::uint8;
    case c10::ScalarType::Short:
      return DType::int16;
    case c10::ScalarType::Int:
      return DType::int32;
    case c10::ScalarType::Long:
      return DType::int64;
    case c10::ScalarType::Bool:
      return DType::boolean;
    case c10::ScalarType::ComplexFloat:
      return DType::complex64;
    case c10::ScalarType::ComplexDouble:
      return DType::complex128;
    default:
      return std::nullopt;
  }
}

c10::ScalarType to_scalar_type(DType type) {
  switch (type) {
    case DType::float32:
      return c10::ScalarType::Float;
    case DType::float16:
      return c10::ScalarType::Half;
    case DType::bfloat16:
      return c10::ScalarType::BFloat16;
    case DType::float64:
      return c10::ScalarType::Double;
    case DType::int8:
      return c10::ScalarType::Char;
    case DType::uint8:
      return c10::ScalarType::Byte;
    case DType::int16:
      return c10::ScalarType::Short;
    case DType::int32:
      return c10::ScalarType::Int;
    case DType::int64:
      return c10::ScalarType::Long;
    case DType::boolean:
      return c10::ScalarType::Bool;
    case DType::complex64:
      return c10::ScalarType::ComplexFloat;
    case DType::complex128:
      return c10::ScalarType::ComplexDouble;
  }
  return c10::ScalarType::Float;
}

// A weight reached through the attribute chain from `self`.
struct Attribute {
  std::string path;                 // "layer1.0.conv1.weight"
  TensorRole role;                  // parameter, buffer, or constant (a plain tensor attribute)
  const void* identity;             // the real tensor's TensorImpl: a shared weight is one tensor
  std::optional<bool> trainable{};  // A parameter's requires_grad.
};

class Converter final : public ValueSource {
 public:
  Converter(torch::jit::Module& module, const LoadOptions& options, fs::path file)
      : module_(module), options_(options), file_(std::move(file)), symbols_(options) {}

  Graph run() {
    const auto method = module_.find_method("forward");
    if (!method)
      throw Error(fmt::format("{}: the TorchScript module has no forward method", file_.string()));
    graph_ = method->graph()->copy();
    paths_ = inline_with_module_paths(*graph_, file_, options_.limits);
    const c10::InferenceMode inference;
    bind_inputs();
    walk(graph_->block());
    bind_outputs();
    return std::move(out_);
  }

  const c10::IValue& value(const Value* v) const override {
    const auto found = env_.find(v);
    if (found == env_.end())
      fail(fmt::format("value %{} is used before it is computed", v->debugName()));
    return found->second;
  }

  // Tensor?[] too: aten::index's indices are read as much as its input is, and ONNX's Gather
  // counts them.
  bool is_tensor_operand(const Value* v) const override {
    if (scalars_.contains(v)) return false;
    return is_tensor_type(v->type()) || is_tensor_list_type(v->type()) ||
           is_optional_tensor_list_type(v->type());
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(fmt::format("{}: {}", file_.string(), problem));
  }

  // ---- inputs and outputs

  // forward's inputs: Tensor ones take the shapes given, in order or by name; an Optional[Tensor]
  // or List[Tensor] one takes a shape when one is given for it (a list holds that one tensor), else
  // None / its default; any other input must have a default value.
  void bind_inputs() {
    const auto inputs = graph_->inputs();
    env_[inputs[0]] = module_._ivalue();  // self
    const auto& arguments = module_.get_method("forward").function().getSchema().arguments();
    std::vector<const Value*> tensors;
    for (std::size_t i = 1; i < inputs.size(); ++i) {
      const Value* input = inputs[i];
      if (holds_tensors(input->type()) && !input->type()->cast<c10::DictType>()) {
        tensors.push_back(input);
        continue;
      }
      if (i < arguments.size() && arguments[i].default_value()) {
        env_[input] = *arguments[i].default_value();
        continue;
      }
      fail(fmt::format(
          "forward input '{}' has type {}, not Tensor; graphstat binds tensor inputs only",
          base_debug_name(input), input->type()->repr_str()));
    }
    std::vector<std::string> names;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      names.push_back(tensors.size() == 1 ? "input" : fmt::format("input_{}", i));
    }
    const auto& specs = options_.inputs;
    std::vector<const InputSpec*> bound(tensors.size(), nullptr);
    for (std::size_t i = 0; i < specs.size(); ++i) {
      std::size_t at = i;
      if (!specs[i].name.empty()) {
        at = tensors.size();
        for (std::size_t j = 0; j < tensors.size(); ++j) {
          if (specs[i].name == names[j] || specs[i].name == base_debug_name(tensors[j])) at = j;
        }
        if (at == tensors.size()) {
          fail(fmt::format("the model has no input '{}' (inputs: {})", specs[i].name,
                           fmt::join(names, ", ")));
        }
      } else if (at >= tensors.size()) {
        fail(fmt::format("{} input shapes given, the model's forward takes {} tensor inputs",
                         specs.size(), tensors.size()));
      }
      bound[at] = &specs[i];
    }
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      const Value* input = tensors[i];
      const bool optional = input->type()->cast<c10::OptionalType>() != nullptr;
      if (bound[i] == nullptr) {
        if (optional) {
          env_[input] = c10::IValue();
          continue;
        }
        fail(fmt::format(
            "no shape for input '{}': TorchScript files store no input shapes; give one with "
            "--input-shape {}={} (or a config's inputs:), one per input ({})",
            names[i], names[i], feeds_index(input) ? "1x128" : "1x3x224x224",
            fmt::join(names, ", ")));
      }
      const InputSpec& spec = *bound[i];
      // Index inputs (token ids feeding an embedding, repeat counts) are int64 unless the user said
      // otherwise.
      const DType dtype = spec.dtype.value_or(feeds_index(input) ? DType::int64 : DType::float32);
      at::Tensor tensor = meta_tensor(spec.shape, to_scalar_type(dtype));
      const TensorId id = out_.add_tensor(
          Tensor{unique_tensor_name(names[i]), spec.shape, dtype, TensorRole::activation});
      remember(tensor, id);
      if (is_tensor_list_type(input->type()) ||
          (optional &&
           is_tensor_list_type(input->type()->expectRef<c10::OptionalType>().getElementType()))) {
        env_[input] = c10::List<at::Tensor>({tensor});
      } else {
        env_[input] = tensor;
      }
      ids_[input] = {id};
      out_.inputs.push_back(id);
    }
    // Graph outputs get stable names before any op creates them.
    std::vector<const Value*> outputs;
    for (const Value* v : graph_->outputs()) collect_output_values(v, outputs);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      preferred_.emplace(outputs[i], outputs.size() == 1 ? "output" : fmt::format("output_{}", i));
    }
  }

  // True when `input` (through reshapes and casts that keep its values) is the index operand of an
  // embedding or an index_select: its values are integers.
  static bool feeds_index(const Value* input, int depth = 0) {
    if (depth > 8) return false;
    for (const torch::jit::Use& use : input->uses()) {
      const std::string kind = use.user->kind().toQualString();
      if ((kind == "aten::embedding" || kind == "aten::embedding_bag") && use.offset == 1) {
        return true;
      }
      if ((kind == "aten::index_select" && use.offset == 2) ||
          (kind == "aten::one_hot" && use.offset == 0)) {
        return true;
      }
      // repeat_interleave's repeats: repeat_interleave(repeats, output_size) (two inputs) or
      // repeat_interleave(self, repeats, dim, output_size).
      if (kind == "aten::repeat_interleave" &&
          (use.offset == 1 || (use.offset == 0 && use.user->inputs().size() == 2))) {
        return true;
      }
      static const std::unordered_set<std::string> passes = {
          "aten::view",      "aten::reshape", "aten::flatten",   "aten::contiguous",
          "aten::unsqueeze", "aten::squeeze", "aten::slice",     "aten::select",
          "aten::expand",    "aten::clone",   "aten::transpose", "aten::permute"};
      if (passes.contains(kind) && use.offset == 0 && use.user->outputs().size() == 1 &&
          feeds_index(use.user->output(), depth + 1)) {
        return true;
      }
    }
    return false;
  }

  static std::string base_debug_name(const Value* v) {
    std::string name = v->debugName();
    const std::size_t dot = name.rfind('.');
    if (dot != std::string::npos) name.resize(dot);  // "x.1" -> "x"
    return name;
  }

  void collect_output_values(const Value* v, std::vector<const Value*>& out) {
    const Node* node = v->node();
    const std::string kind = node->kind().toQualString();
    if (kind == "prim::TupleConstruct" || kind == "prim::ListConstruct") {
      for (const Value* element : node->inputs()) collect_output_values(element, out);
    } else if (kind == "prim::DictConstruct") {  // key, value, key, value, ...
      for (std::size_t i = 1; i < node->inputs().size(); i += 2) {
        collect_output_values(node->inputs()[i], out);
      }
    } else if (is_tensor_type(v->type())) {
      out.push_back(v);
    }
  }

  // Every tensor the model returns: a tensor, or the tensors inside a tuple, list or dict of them
  // (a segmentation model's OrderedDict, a detector's List[Dict[str, Tensor]]).
  void bind_outputs() {
    for (const Value* v : graph_->outputs()) {
      if (!holds_tensors(v->type())) continue;
      for (const TensorId id : resolve(v)) out_.outputs.push_back(id);
    }
  }

  // ---- walking

  void walk(const Block* block) {
    for (const Node* node : block->nodes()) step(*node);
  }

  void step(const Node& node) {
    const std::string kind = node.kind().toQualString();
    if (kind == "prim::Constant") return constant(node);
    if (kind == "prim::GetAttr") return get_attr(node);
    if (kind == "prim::CreateObject") return create_object(node);
    if (kind == "prim::SetAttr") return set_attr(node);
    if (kind == "prim::If") return if_node(node);
    if (kind == "prim::Loop") return loop_node(node);
    if (kind == "prim::CallMethod" || kind == "prim::CallFunction") {
      fail(fmt::format("{} left after inlining; the module calls code graphstat cannot inline",
                       kind));
    }
    std::vector<c10::IValue> inputs;
    inputs.reserve(node.inputs().size());
    for (const Value* input : node.inputs()) inputs.push_back(value(input));
    std::vector<c10::IValue> outputs;
    std::set<std::string> waits = waits_of_inputs(node);
    try {
      if (const auto dependent = data_dependent(node, inputs)) {
        // A length the data decides: the user's value, or a stand-in that marks everything
        // computed from it as unresolved.
        const std::string symbol =
            symbols_.name(&node, module_path(node), dependent->op, dependent->what);
        std::optional<std::int64_t> count = symbols_.bound(symbol, out_);
        if (!count) {
          count = symbols_.stand_in(symbol);
          waits.insert(symbol);
        }
        outputs = evaluate_with_count(node, inputs, *count);
      } else {
        outputs = evaluate(node, inputs);
      }
    } catch (const c10::Error& e) {
      fail(fmt::format("cannot infer the shapes of {} in module '{}': {}", kind, module_path(node),
                       first_line(e.what_without_backtrace())));
    } catch (const std::exception& e) {  // no operator for the node, ...: say which node
      fail(fmt::format("cannot evaluate {} in module '{}': {}", kind, module_path(node),
                       first_line(e.what())));
    }
    if (outputs.size() != node.outputs().size()) {
      fail(fmt::format("{} produced {} values, its node has {} outputs", kind, outputs.size(),
                       node.outputs().size()));
    }
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      env_[node.outputs()[i]] = std::move(outputs[i]);
      set_waits(node.outputs()[i], waits);
    }
    if (!is_plumbing(node, kind)) emit(node, kind);
  }

  // ---- data-dependent symbols: the values computed from an unbound one

  std::set<std::string> waits_of_inputs(const Node& node) const {
    std::set<std::string> waits;
    for (const Value* input : node.inputs()) {
      if (const auto found = waits_.find(input); found != waits_.end()) {
        waits.insert(found->second.begin(), found->second.end());
      }
      // A container filled by mutation (aten::append to a list made empty: the proposals of
      // torchvision's RPN) carries no waits of its own: its tensors do. Without this, a cat of
      // the list was static, and the box head priced on a stand-in's min(N, top_n).
      const auto held = env_.find(input);
      if (held == env_.end() || held->second.isTensor()) continue;
      std::vector<at::Tensor> tensors;
      tensors_in(held->second, tensors);
      for (const at::Tensor& t : tensors) {
        const auto known = by_tensor_.find(t.unsafeGetTensorImpl());
        if (known == by_tensor_.end()) continue;
        const Tensor& graph_tensor = out_.tensor(known->second.second);
        if (graph_tensor.symbolic)
          waits.insert(graph_tensor.symbolic->waits_on.begin(),
                       graph_tensor.symbolic->waits_on.end());
      }
    }
    return waits;
  }

  const std::set<std::string>* waits_of(const Value* v) const {
    const auto found = waits_.find(v);
    return found == waits_.end() ? nullptr : &found->second;
  }

  void set_waits(const Value* v, const std::set<std::string>& waits) {
    if (waits.empty()) {
      waits_.erase(v);
    } else {
      waits_[v] = waits;
    }
  }

  void add_waits(const Value* v, const std::set<std::string>& waits) {
    if (!waits.empty()) waits_[v].insert(waits.begin(), waits.end());
  }

  std::string module_path(const Node& node) const {
    const auto found = paths_.find(&node);
    return found == paths_.end() ? std::string() : found->second;
  }

  static std::string first_line(std::string_view text) {
    return std::string(text.substr(0, text.find('\n')));
  }

  void constant(const Node& node) {
    const Value* out = node.output();
    const std::optional<c10::IValue> known = torch::jit::toIValue(out);
    if (!known) {
      // A constant libtorch cannot hand out as a value (a function or class reference): nothing
      // graphstat computes with. Dereferencing the empty optional was a crash.
      env_[out] = c10::IValue();
      return;
    }
    c10::IValue v = *known;
    // A 0-d tensor constant is a wrapped Python number (x * 0.5), not a graph tensor.
    if (v.isTensor() && v.toTensor().dim() == 0) scalars_.insert(out);
    env_[out] = to_meta(v);
  }

  // ---- script class objects (torchvision's ImageList): fields live in the object itself

  // prim::CreateObject: an empty instance; its __init__ (inlined) fills it with prim::SetAttr.
  void create_object(const Node& node) {
    const auto type = node.output()->type()->cast<c10::ClassType>();
    if (!type) fail("prim::CreateObject of a type that is not a class");
    env_[node.output()] = c10::ivalue::Object::create(
        c10::StrongTypePtr(type->compilation_unit(), type), type->numAttributes());
    ids_.erase(node.output());
  }

  // prim::SetAttr(object, value): the slot holds the value itself (a meta tensor keeps its
  // identity, so reading it back resolves to the same graph tensor), and what it waits on.
  void set_attr(const Node& node) {
    const auto object = value(node.inputs()[0]).toObject();
    const std::size_t slot = object->type()->getAttributeSlot(node.s(c10::attr::name));
    const Value* stored = node.inputs()[1];
    object->setSlot(slot, value(stored));
    Field& field = fields_[{object.get(), slot}];
    field.waits = waits_of(stored) ? *waits_of(stored) : std::set<std::string>();
    field.scalar = scalars_.contains(stored);
  }

  void get_attr(const Node& node) {
    const Value* owner = node.input();
    const std::string& name = node.s(c10::attr::name);
    const c10::IValue& object_value = value(owner);
    const auto object = object_value.toObject();
    const auto type = object->type();
    const std::size_t slot = type->getAttributeSlot(name);
    const c10::IValue attr = object->getSlot(slot);
    if (const auto field = fields_.find({object.get(), slot}); field != fields_.end()) {
      // A field the model wrote while running: a computed value, not a weight.
      env_[node.output()] = attr;
      ids_.erase(node.output());
      set_waits(node.output(), field->second.waits);
      if (field->second.scalar) scalars_.insert(node.output());
      return;
    }
    const auto parent = attr_paths_.find(owner);
    const std::string path =
        parent == attr_paths_.end() || parent->second.empty() ? name : parent->second + "." + name;
    attr_paths_[node.output()] = path;
    if (attr.isTensor() && attr.toTensor().defined()) {
      const TensorRole role = type->is_module() && type->is_parameter(slot) ? TensorRole::parameter
                              : type->is_module() && type->is_buffer(slot)  ? TensorRole::buffer
                                                                            : TensorRole::constant;
      attributes_[node.output()] = {path, role, attr.toTensor().unsafeGetTensorImpl(),
                                    role == TensorRole::parameter
                                        ? std::optional(attr.toTensor().requires_grad())
                                        : std::nullopt};
      env_[node.output()] = meta_like(attr.toTensor());
    } else if (attr.isTensorList()) {
      // A List[Tensor] attribute (a scripted GRU's _flat_weights): each element is the module's
      // parameter or buffer it aliases, else a constant named "<list>.<i>".
      c10::List<at::Tensor> list;
      std::vector<Attribute> elements;
      const std::string parent_path = path.substr(0, path.size() - name.size());
      const auto tensors = attr.toTensorVector();
      for (std::size_t i = 0; i < tensors.size(); ++i) {
        Attribute element{fmt::format("{}.{}", path, i), TensorRole::constant,
                          tensors[i].unsafeGetTensorImpl()};
        for (std::size_t k = 0; k < type->numAttributes(); ++k) {
          const c10::IValue& other = object->getSlot(k);
          if (!other.isTensor() || other.toTensor().unsafeGetTensorImpl() != element.identity) {
            continue;
          }
          element.path = parent_path + type->getAttributeName(k);
          element.role = type->is_parameter(k) ? TensorRole::parameter : TensorRole::buffer;
          if (element.role == TensorRole::parameter) element.trainable = tensors[i].requires_grad();
          break;
        }
        elements.push_back(element);
        list.push_back(meta_like(tensors[i]));
      }
      attribute_lists_[node.output()] = std::move(elements);
      env_[node.output()] = list;
    } else {
      env_[node.output()] = attr;
    }
  }

  // Scripted control flow: price the branch that runs.
  void if_node(const Node& node) {
    const c10::IValue& condition = value(node.input());
    if (!condition.isBool()) fail("prim::If on a value that is not a bool");
    const Block* taken = node.blocks()[condition.toBool() ? 0 : 1];
    walk(taken);
    // A branch chosen by a data-dependent value: what it returns waits on that value too.
    const std::set<std::string> chosen_by = waits_of_inputs(node);
    for (std::size_t i = 0; i < node.outputs().size(); ++i) {
      forward_value(taken->outputs()[i], node.outputs()[i]);
      add_waits(node.outputs()[i], chosen_by);
    }
  }

  // prim::Loop(max_trip_count, initial_condition, carried...) with body block
  // (iteration, carried...) -> (condition, carried...).
  void loop_node(const Node& node) {
    const std::int64_t trips = value(node.inputs()[0]).toInt();
    bool go_on = value(node.inputs()[1]).toBool();
    const Block* body = node.blocks()[0];
    std::vector<const Value*> carried(node.inputs().begin() + 2, node.inputs().end());
    // How often the body runs may depend on data: then so does everything it carries out.
    std::set<std::string> trip_waits = waits_of_inputs(node);
    for (std::int64_t i = 0; i < trips && go_on; ++i) {
      // Every run of a body adds its ops again: a scripted loop of 10^9 trips must stop here.
      if (++loop_iterations_ > options_.limits.max_loop_iterations) {
        throw_limit(file_, "the iterations of the model's loops", "max_loop_iterations",
                    options_.limits.max_loop_iterations);
      }
      env_[body->inputs()[0]] = i;
      for (std::size_t c = 0; c < carried.size(); ++c)
        forward_value(carried[c], body->inputs()[c + 1]);
      walk(body);
      go_on = value(body->outputs()[0]).toBool();
      if (const auto* waits = waits_of(body->outputs()[0]))
        trip_waits.insert(waits->begin(), waits->end());
      carried.assign(body->outputs().begin() + 1, body->outputs().end());
      // The next iteration reads these values again: copy them to the body inputs first.
      std::vector<std::pair<c10::IValue, std::optional<std::vector<TensorId>>>> next;
      std::vector<std::set<std::string>> next_waits;
      for (const Value* c : carried) {
        next.emplace_back(value(c), known_ids(c));
        next_waits.push_back(waits_of(c) ? *waits_of(c) : std::set<std::string>());
      }
      for (std::size_t c = 0; c < carried.size(); ++c) {
        set_value(body->inputs()[c + 1], next[c].first, next[c].second);
        set_waits(body->inputs()[c + 1], next_waits[c]);
      }
      carried.assign(body->inputs().begin() + 1, body->inputs().end());
    }
    for (std::size_t c = 0; c < carried.size(); ++c) {
      forward_value(carried[c], node.outputs()[c]);
      add_waits(node.outputs()[c], trip_waits);
    }
  }

  std::optional<std::vector<TensorId>> known_ids(const Value* v) {
    if (!is_tensor_operand(v) || (!value(v).isTensor() && !value(v).isList())) return std::nullopt;
    return resolve(v);
  }

  void set_value(const Value* to, const c10::IValue& v,
                 const std::optional<std::vector<TensorId>>& ids) {
    env_[to] = v;
    if (ids) {
      ids_[to] = *ids;
    } else {
      ids_.erase(to);
    }
  }

  // `to` takes over the value of `from` (a block output becoming the If's output).
  void forward_value(const Value* from, const Value* to) {
    if (scalars_.contains(from)) scalars_.insert(to);
    set_value(to, value(from), known_ids(from));
    set_waits(to,
              waits_of(from) ? std::set<std::string>(*waits_of(from)) : std::set<std::string>());
    if (const auto attr = attributes_.find(from); attr != attributes_.end())
      attributes_[to] = attr->second;
    if (const auto list = attribute_lists_.find(from); list != attribute_lists_.end())
      attribute_lists_[to] = list->second;
  }

  // ---- plumbing and emission

  bool is_plumbing(const Node& node, const std::string& kind) {
    if (kind == "prim::NumToTensor") {
      scalars_.insert(node.output());
      return true;
    }
    if (plumbing_kinds().contains(kind)) return true;
    bool tensor_out = false;
    for (const Value* out : node.outputs()) {
      tensor_out = tensor_out || is_tensor_type(out->type()) || is_tensor_list_type(out->type());
    }
    if (!tensor_out) return true;  // integer arithmetic on sizes (aten::floordiv, ...)
    bool any_tensor = false;
    bool all_scalar = true;
    for (const Value* in : node.inputs()) {
      if (!is_tensor_type(in->type())) continue;
      any_tensor = true;
      all_scalar = all_scalar && scalars_.contains(in);
    }
    if (any_tensor && all_scalar) {  // arithmetic on sizes carried as 0-d tensors
      for (const Value* out : node.outputs()) scalars_.insert(out);
      return true;
    }
    return false;
  }

  void emit(const Node& node, const std::string& kind) {
    std::optional<MappedOp> mapped = map_aten(node, *this);
    if (!mapped) {
      // No canonical op: still a row (memory counted), listed by the core as unsupported.
      const std::string name = node.kind().toUnqualString();
      mapped = MappedOp{name, tensor_operands(node, *this), {}};
    }
    OpNode op;
    op.op = std::move(mapped->op);
    op.source_op = kind;
    op.module = module_path(node);
    op.attrs = std::move(mapped->attrs);
    for (const Value* operand : mapped->operands) {
      if (operand == nullptr) {
        op.inputs.push_back(kNoTensor);
        continue;
      }
      for (const TensorId id : resolve(operand)) op.inputs.push_back(id);
    }
    for (const Value* output : node.outputs()) {
      for (const TensorId id : create_outputs(output)) op.outputs.push_back(id);
    }
    std::string base = op.module.empty() ? op.op : op.module + "/" + op.op;
    op.name = base;
    for (int k = 1; !node_names_.insert(op.name).second; ++k)
      op.name = fmt::format("{}_{}", base, k);
    // Loops run and calls inlined make ops the file does not hold: bounded while they are made.
    if (out_.op_count() >= options_.limits.max_ops) {
      throw_limit(file_, "the ops made by running the model's code", "max_ops",
                  options_.limits.max_ops);
    }
    out_.add_op(std::move(op));
  }

  // Graph tensors for an op's output value: one for a tensor, one per element for a tensor list,
  // none for an undefined result (the attention weights need_weights=False skips).
  std::vector<TensorId> create_outputs(const Value* output) {
    const c10::IValue& v = value(output);
    std::vector<TensorId> ids;
    const auto preferred = preferred_.find(output);
    const std::string base =
        preferred != preferred_.end() ? preferred->second : tensor_base_name(output);
    const std::set<std::string>* waits = waits_of(output);
    if (v.isTensor()) {
      if (v.toTensor().defined())
        ids.push_back(add_tensor(base, v.toTensor(), TensorRole::activation, waits));
    } else if (v.isTensorList()) {
      const auto elements = v.toTensorVector();
      for (std::size_t i = 0; i < elements.size(); ++i) {
        ids.push_back(
            add_tensor(fmt::format("{}_{}", base, i), elements[i], TensorRole::activation, waits));
      }
    } else {
      return ids;
    }
    ids_[output] = ids;
    return ids;
  }

  static std::string tensor_base_name(const Value* v) {
    std::string name = v->debugName();
    if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) name = "t" + name;
    return name;
  }

  // A graph tensor for `t`; symbolic when it was computed from an unbound symbol (`waits`).
  TensorId add_tensor(const std::string& base, const at::Tensor& t, TensorRole role,
                      const std::set<std::string>* waits = nullptr) {
    const auto dtype = to_dtype(t.scalar_type());
    if (!dtype)
      fail(fmt::format("tensor '{}' has the unsupported dtype {}", base,
                       c10::toString(t.scalar_type())));
    Tensor tensor{unique_tensor_name(base), Shape(t.sizes().begin(), t.sizes().end()), *dtype,
                  role};
    if (waits != nullptr && !waits->empty())
      tensor.symbolic = symbols_.symbolic(tensor.shape, *waits);
    const TensorId id = out_.add_tensor(std::move(tensor));
    remember(t, id);
    return id;
  }

  // Tensors keep their identity through lists, tuples, dicts and casts: the graph tensor of a
  // value is found from the meta tensor it holds. The map keeps each tensor alive, so an address
  // is never reused for another one.
  void remember(const at::Tensor& t, TensorId id) {
    if (t.defined()) by_tensor_.insert_or_assign(t.unsafeGetTensorImpl(), std::make_pair(t, id));
  }

  std::optional<std::vector<TensorId>> resolve_by_value(const Value* v) const {
    std::vector<at::Tensor> tensors;
    tensors_in(value(v), tensors);
    std::vector<TensorId> ids;
    for (const at::Tensor& t : tensors) {
      const auto found = by_tensor_.find(t.unsafeGetTensorImpl());
      if (found == by_tensor_.end()) return std::nullopt;
      ids.push_back(found->second.second);
    }
    return ids;
  }

  std::string unique_tensor_name(const std::string& base) {
    std::string name = base;
    for (int k = 1; !tensor_names_.insert(name).second; ++k) name = fmt::format("{}_{}", base, k);
    return name;
  }

  // The graph tensors a value stands for, following list, tuple and attribute plumbing.
  const std::vector<TensorId>& resolve(const Value* v) {
    // A list may grow after it is built (aten::append in a scripted loop): read it by value then.
    const bool list = env_.contains(v) && value(v).isList();
    if (const auto found = ids_.find(v); found != ids_.end() && !list) return found->second;
    std::vector<TensorId> ids;
    if (list) {
      if (auto by_value = resolve_by_value(v)) return ids_[v] = std::move(*by_value);
    }
    const Node* node = v->node();
    const std::string kind = node->kind().toQualString();
    if (const auto attr = attributes_.find(v); attr != attributes_.end()) {
      ids.push_back(weight_tensor(attr->second, value(v).toTensor()));
    } else if (const auto list = attribute_lists_.find(v); list != attribute_lists_.end()) {
      const auto tensors = value(v).toTensorVector();
      for (std::size_t i = 0; i < tensors.size() && i < list->second.size(); ++i) {
        ids.push_back(weight_tensor(list->second[i], tensors[i]));
      }
    } else if (kind == "prim::ListConstruct" || kind == "prim::TupleConstruct") {
      for (const Value* element : node->inputs()) {
        if (!is_tensor_operand(element) && !holds_tensors(element->type())) continue;
        const auto& element_ids = resolve(element);
        ids.insert(ids.end(), element_ids.begin(), element_ids.end());
      }
    } else if (kind == "prim::ListUnpack" || kind == "prim::TupleUnpack") {
      ids.push_back(element_of(node->input(), v->offset()));
    } else if ((kind == "aten::__getitem__" || kind == "prim::TupleIndex") &&
               value(node->inputs()[1]).isInt() && !value(node->inputs()[0]).isGenericDict()) {
      ids.push_back(element_of(node->inputs()[0], value(node->inputs()[1]).toInt()));
    } else if (kind == "prim::unchecked_cast") {
      // Optional[Tensor] -> Tensor (nn.MultiheadAttention's in_proj_weight): the same tensor.
      ids = resolve(node->input(0));
    } else if (kind == "prim::Constant") {
      const at::Tensor& t = value(v).toTensor();
      ids.push_back(add_tensor("const_" + v->debugName(), t, TensorRole::constant));
    } else if (auto by_value = resolve_by_value(v)) {  // dicts, casts, If and Loop results
      ids = std::move(*by_value);
    } else {
      fail(fmt::format("tensor %{} (from {}) has no producing op", v->debugName(), kind));
    }
    return ids_[v] = std::move(ids);
  }

  TensorId element_of(const Value* container, std::int64_t index) {
    std::vector<at::Tensor> held;
    tensors_in(value(container), held);
    if (value(container).isList() &&
        static_cast<std::int64_t>(held.size()) ==
            static_cast<std::int64_t>(value(container).toListRef().size())) {
      const auto size = static_cast<std::int64_t>(held.size());
      const std::int64_t at = index < 0 ? index + size : index;
      if (at >= 0 && at < size) {
        const auto found =
            by_tensor_.find(held[static_cast<std::size_t>(at)].unsafeGetTensorImpl());
        if (found != by_tensor_.end()) return found->second.second;
      }
    }
    const std::vector<TensorId> elements = resolve(container);
    const auto size = static_cast<std::int64_t>(elements.size());
    if (index < 0) index += size;
    if (index < 0 || index >= size) {
      fail(fmt::format("element {} of %{} is not one known tensor", index, container->debugName()));
    }
    return elements[static_cast<std::size_t>(index)];
  }

  TensorId weight_tensor(const Attribute& attr, const at::Tensor& meta) {
    if (const auto seen = weights_.find(attr.identity); seen != weights_.end()) {
      remember(meta, seen->second);
      return seen->second;
    }
    const TensorId id = add_tensor(attr.path, meta, attr.role);
    out_.tensor(id).trainable = attr.trainable;
    weights_.emplace(attr.identity, id);
    return id;
  }

  torch::jit::Module& module_;
  const LoadOptions& options_;
  fs::path file_;
  std::shared_ptr<torch::jit::Graph> graph_;
  Graph out_;
  std::unordered_map<const Value*, c10::IValue> env_;
  std::unordered_map<const Value*, std::vector<TensorId>> ids_;
  std::unordered_set<const Value*> scalars_;
  std::unordered_map<const Value*, std::string> attr_paths_;
  std::unordered_map<const Value*, Attribute> attributes_;
  std::unordered_map<const void*, TensorId> weights_;
  std::unordered_map<const Value*, std::string> preferred_;
  std::set<std::string> tensor_names_;
  std::set<std::string> node_names_;
  ModulePaths paths_;
  std::uint64_t loop_iterations_ = 0;
  Symbols symbols_;
  std::unordered_map<const Value*, std::set<std::string>> waits_;
  std::unordered_map<const Value*, std::vector<Attribute>> attribute_lists_;
  std::unordered_map<const void*, std::pair<at::Tensor, TensorId>> by_tensor_;
  // Object slots written by prim::SetAttr, keyed by (object, slot).
  struct Field {
    std::set<std::string> waits;
    bool scalar = false;  // a size carried as a 0-d tensor
  };
  std::map<std::pair<const void*, std::size_t>, Field> fields_;
};

}  // namespace

Graph convert_module(torch::jit::Module& module, const LoadOptions& options, const fs::path& file) {
  Graph graph = Converter(module, options, file).run();
  graph.name = file.stem().string();
  return graph;
}

}  // namespace graphstat::frontends::torchscript
