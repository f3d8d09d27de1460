#include "onnx_shapes.hpp"

#include <fmt/format.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <map>

#include "graphstat/error.hpp"
#include "onnx_const_eval.hpp"

namespace graphstat::frontends::onnxfe {
namespace fs = std::filesystem;

namespace {

std::string shape_text(const ::onnx::TypeProto& type) {
  std::vector<std::string> dims;
  for (const auto& d : type.tensor_type().shape().dim()) {
    dims.push_back(d.has_dim_value() ? std::to_string(d.dim_value())
                                     : (d.dim_param().empty() ? "?" : d.dim_param()));
  }
  return fmt::format("{}", fmt::join(dims, "x"));
}

std::int32_t onnx_elem_type(DType dtype) {
  switch (dtype) {
    case DType::float32:
      return ::onnx::TensorProto::FLOAT;
    case DType::float16:
      return ::onnx::TensorProto::FLOAT16;
    case DType::bfloat16:
      return ::onnx::TensorProto::BFLOAT16;
    case DType::float64:
      return ::onnx::TensorProto::DOUBLE;
    case DType::int8:
      return ::onnx::TensorProto::INT8;
    case DType::uint8:
      return ::onnx::TensorProto::UINT8;
    case DType::int16:
      return ::onnx::TensorProto::INT16;
    case DType::int32:
      return ::onnx::TensorProto::INT32;
    case DType::int64:
      return ::onnx::TensorProto::INT64;
    case DType::boolean:
      return ::onnx::TensorProto::BOOL;
    case DType::complex64:
      return ::onnx::TensorProto::COMPLEX64;
    case DType::complex128:
      return ::onnx::TensorProto::COMPLEX128;
  }
  return ::onnx::TensorProto::FLOAT;
}

// Applies the user's shapes to the graph inputs; symbols bound by one input (N = 8) bind the same
// symbol in every other input.
void bind_inputs(::onnx::GraphProto& graph, const std::vector<std::string>& names,
                 const std::vector<InputSpec>& specs, const fs::path& file) {
  std::map<std::string, const InputSpec*> by_input;
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const InputSpec& spec = specs[k];
    if (spec.name.empty()) {
      if (k >= names.size()) {
        throw Error(fmt::format("{}: {} input shapes given, the model has {} inputs ({})",
                                file.string(), specs.size(), names.size(), fmt::join(names, ", ")));
      }
      by_input[names[k]] = &spec;
    } else {
      if (std::find(names.begin(), names.end(), spec.name) == names.end()) {
        throw Error(fmt::format("{}: the model has no input '{}' (inputs: {})", file.string(),
                                spec.name, fmt::join(names, ", ")));
      }
      by_input[spec.name] = &spec;
    }
  }
  std::map<std::string, std::int64_t> symbols;
  for (auto& input : *graph.mutable_input()) {
    auto it = by_input.find(input.name());
    if (it == by_input.end()) continue;
    auto* tensor = input.mutable_type()->mutable_tensor_type();
    const Shape& shape = it->second->shape;
    if (tensor->has_shape() && tensor->shape().dim_size() != static_cast<int>(shape.size())) {
      throw Error(fmt::format("{}: input '{}' has rank {} ({}), the given shape has rank {}",
                              file.string(), input.name(), tensor->shape().dim_size(),
                              shape_text(input.type()), shape.size()));
    }
    auto* dims = tensor->mutable_shape();
    for (std::size_t d = 0; d < shape.size(); ++d) {
      auto* dim = d < static_cast<std::size_t>(dims->dim_size())
                      ? dims->mutable_dim(static_cast<int>(d))
                      : dims->add_dim();
      if (dim->has_dim_value() && dim->dim_value() != shape[d]) {
        throw Error(fmt::format("{}: input '{}' has the fixed shape {}; dimension {} cannot be {}",
                                file.string(), input.name(), shape_text(input.type()), d,
                                shape[d]));
      }
      if (!dim->dim_param().empty()) symbols[dim->dim_param()] = shape[d];
      dim->set_dim_value(shape[d]);
    }
    if (it->second->dtype) tensor->set_elem_type(onnx_elem_type(*it->second->dtype));
  }
  for (auto& input : *graph.mutable_input()) {
    if (std::find(names.begin(), names.end(), input.name()) == names.end()) continue;
    auto* dims = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    for (auto& dim : *dims->mutable_dim()) {
      if (dim.has_dim_value()) continue;
      auto sym = symbols.find(dim.dim_param());
      if (sym == symbols.end()) {
        throw Error(fmt::format(
            "{}: input '{}' has the shape {} with the unbound dimension '{}'; give it with "
            "--input-shape {}=... (or `inputs:` in the config)",
            file.string(), input.name(), shape_text(input.type()),
            dim.dim_param().empty() ? "?" : dim.dim_param(), input.name()));
      }
      dim.set_dim_value(sym->second);
    }
  }
}

void add_subgraph_types(const ::onnx::NodeProto& node,
                        std::unordered_map<std::string, ::onnx::TypeProto>& types) {
  for (const auto& a : node.attribute()) {
    if (!a.has_g()) continue;
    for (const auto& vi : a.g().value_info()) types.try_emplace(vi.name(), vi.type());
    for (const auto& vi : a.g().output()) types.try_emplace(vi.name(), vi.type());
    for (const auto& inner : a.g().node()) add_subgraph_types(inner, types);
  }
}

}  // namespace

std::optional<Shape> concrete_shape(const ::onnx::TypeProto& type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape()) return std::nullopt;
  Shape shape;
  for (const auto& d : type.tensor_type().shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() < 0) return std::nullopt;
    shape.push_back(d.dim_value());
  }
  return shape;
}

InferredModel infer_shapes(LoadedModel& model, const std::vector<InputSpec>& specs,
                           const fs::path& file) {
  ::onnx::GraphProto& graph = *model.proto.mutable_graph();
  InferredModel out;
  out.graph = &graph;
  out.producer = model.proto.producer_name();
  for (const auto& init : graph.initializer()) out.initializers.emplace(init.name(), &init);
  for (const auto& input : graph.input()) {
    if (!out.initializers.contains(input.name())) out.inputs.push_back(input.name());
  }
  bind_inputs(graph, out.inputs, specs, file);

  std::unordered_map<std::string, int> opsets;
  for (const auto& op : model.proto.opset_import()) {
    opsets[op.domain() == "ai.onnx" ? "" : op.domain()] = static_cast<int>(op.version());
  }
  if (!opsets.contains("")) opsets[""] = 1;

  // Exporter-written value_info is a fallback for ops no schema knows (custom domains).
  for (const auto& vi : graph.value_info()) out.types[vi.name()] = vi.type();
  for (const auto& init : graph.initializer()) {
    ::onnx::TypeProto type;
    auto* tensor = type.mutable_tensor_type();
    tensor->set_elem_type(init.data_type());
    auto* shape = tensor->mutable_shape();
    for (auto d : init.dims()) shape->add_dim()->set_dim_value(d);
    out.types[init.name()] = type;
    if (auto value = normalized_constant(init)) out.values.emplace(init.name(), std::move(*value));
  }
  for (const auto& input : graph.input()) out.types[input.name()] = input.type();

  std::unordered_map<std::string, ::onnx::TypeProto*> type_ptrs;
  for (auto& [name, type] : out.types) type_ptrs[name] = &type;
  std::unordered_map<std::string, const ::onnx::TensorProto*> data;
  for (const auto& [name, value] : out.values) data[name] = &value;

  const auto* registry = ::onnx::OpSchemaRegistry::Instance();
  // If/Loop bodies are inferred through this context; it keeps references, so everything it is
  // given lives in this scope.
  ::onnx::shape_inference::ModelLocalFunctionsMap functions;
  for (const auto& f : model.proto.functions()) functions[f.domain() + ":" + f.name()] = &f;
  ::onnx::shape_inference::GraphInferenceContext graph_context(type_ptrs, opsets, nullptr,
                                                               functions, registry);
  for (auto& node : *graph.mutable_node()) {
    const std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
    const auto version = opsets.find(domain);
    const auto* schema = version == opsets.end()
                             ? nullptr
                             : registry->GetSchema(node.op_type(), version->second, domain);
    std::vector<const ::onnx::TypeProto*> output_types(static_cast<std::size_t>(node.output_size()),
                                                       nullptr);
    if (schema != nullptr && schema->has_type_and_shape_inference_function()) {
      ::onnx::shape_inference::InferenceContextImpl ctx(node, type_ptrs, data, {}, nullptr,
                                                        &graph_context);
      try {
        schema->GetTypeAndShapeInferenceFunction()(ctx);
      } catch (const std::exception& e) {
        std::string what = e.what();
        if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
        throw Error(fmt::format("{}: node '{}' ({}): shape inference failed: {}", file.string(),
                                node.name(), node.op_type(), what));
      }
      for (int k = 0; k < node.output_size(); ++k) {
        const std::string& name = node.output(k);
        if (name.empty()) continue;
        ::onnx::TypeProto& slot = out.types[name];
        const ::onnx::TypeProto* inferred = ctx.getOutputType(static_cast<std::size_t>(k));
        // Keep an exporter's concrete shape when inference leaves dims open.
        if (!slot.has_tensor_type() || concrete_shape(*inferred) || !concrete_shape(slot)) {
          slot = *inferred;
        }
        type_ptrs[name] = &slot;
        output_types[static_cast<std::size_t>(k)] = &slot;
      }
    } else {
      for (int k = 0; k < node.output_size(); ++k) {
        auto it = out.types.find(node.output(k));
        if (it != out.types.end()) output_types[static_cast<std::size_t>(k)] = &it->second;
      }
    }

    std::vector<const ::onnx::TensorProto*> in_values;
    std::vector<const ::onnx::TypeProto*> in_types;
    for (const auto& name : node.input()) {
      auto v = data.find(name);
      in_values.push_back(v == data.end() ? nullptr : v->second);
      auto t = type_ptrs.find(name);
      in_types.push_back(t == type_ptrs.end() ? nullptr : t->second);
    }
    if (output_types.empty() || output_types[0] == nullptr) continue;
    if (auto folded = fold_node(node, in_values, in_types, output_types)) {
      for (std::size_t k = 0; k < folded->size(); ++k) {
        auto [it, _] =
            out.values.insert_or_assign(node.output(static_cast<int>(k)), std::move((*folded)[k]));
        data[it->first] = &it->second;
      }
    }
  }
  // Types inferred inside If/Loop bodies, for the builder to price the branch that runs.
  for (const auto& node : graph.node()) add_subgraph_types(node, out.types);
  return out;
}

}  // namespace graphstat::frontends::onnxfe
