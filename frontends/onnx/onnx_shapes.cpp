#include "onnx_shapes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "graphstat/dim_lookup.hpp"
#include "graphstat/error.hpp"
#include "onnx_const_eval.hpp"
#include "onnx_inference.hpp"
#include "onnx_shape_rules.hpp"

namespace graphstat::frontends::onnxfe {
namespace fs = std::filesystem;

namespace {

// Why a sequence-valued tensor has no shape: no cost model prices sequences.
constexpr const char* kSequenceReason = "a sequence of tensors, not one tensor";

std::string shape_text(const ValueInfo& vi) {
  std::vector<std::string> dims;
  for (const auto& d : vi.dims) {
    dims.push_back(d.value >= 0 ? std::to_string(d.value) : (d.param.empty() ? "?" : d.param));
  }
  return fmt::format("{}", fmt::join(dims, "x"));
}

std::int32_t onnx_elem_type(DType dtype) {
  switch (dtype) {
    case DType::float32:
      return elem::float32;
    case DType::float16:
      return elem::float16;
    case DType::bfloat16:
      return elem::bfloat16;
    case DType::float64:
      return elem::float64;
    case DType::int8:
      return elem::int8;
    case DType::uint8:
      return elem::uint8;
    case DType::int16:
      return elem::int16;
    case DType::int32:
      return elem::int32;
    case DType::int64:
      return elem::int64;
    case DType::boolean:
      return elem::boolean;
    case DType::complex64:
      return elem::complex64;
    case DType::complex128:
      return elem::complex128;
  }
  return elem::float32;
}

std::optional<std::vector<std::int64_t>> concrete(const ValueInfo& vi) {
  if (!vi.has_shape) return std::nullopt;
  std::vector<std::int64_t> dims;
  for (const auto& d : vi.dims) {
    if (d.value < 0) return std::nullopt;
    dims.push_back(d.value);
  }
  return dims;
}

}  // namespace

InferredModel Inference::run(const LoadOptions& options) {
  options_ = &options;
  const OnnxGraph& graph = model_.graph;
  out_.graph = &graph;
  for (const auto& init : graph.initializers) {
    out_.initializers.emplace(init.name, &init);
    out_.types[init.name] = TensorType{init.elem, init.dims};
    if (init.value) out_.values.emplace(init.name, *init.value);
  }
  for (const auto& input : graph.inputs) {
    if (!out_.initializers.contains(input.name)) out_.inputs.push_back(input.name);
  }
  bind_inputs(options.inputs, options.dims);
  // Exporter-written shapes are the fallback for ops graphstat has no rule for (custom domains,
  // Loop outputs).
  for (const auto* list : {&graph.value_info, &graph.outputs}) {
    for (const auto& vi : *list) {
      if (auto dims = concrete(vi)) declared_[vi.name] = TensorType{vi.elem, std::move(dims)};
    }
  }
  for (const auto& node : graph.nodes) infer(node);
  return std::move(out_);
}

// Applies the user's shapes to the graph inputs; symbols bound by one input (N = 8) bind the same
// symbol in every other input. A symbol no input shape binds takes its value from --dim, else 1:
// a dynamic batch is the common case, and a report at batch 1 says so in its caption.
void Inference::bind_inputs(const std::vector<InputSpec>& specs, const DimValues& dims) {
  const auto& names = out_.inputs;
  std::map<std::string, const InputSpec*> by_input;
  for (std::size_t k = 0; k < specs.size(); ++k) {
    const InputSpec& spec = specs[k];
    if (spec.name.empty()) {
      if (k >= names.size()) {
        throw Error(fmt::format("{}: {} input shapes given, the model has {} inputs ({})",
                                file_.string(), specs.size(), names.size(),
                                fmt::join(names, ", ")));
      }
      by_input[names[k]] = &spec;
    } else {
      if (std::find(names.begin(), names.end(), spec.name) == names.end()) {
        throw Error(fmt::format("{}: the model has no input '{}' (inputs: {})", file_.string(),
                                spec.name, fmt::join(names, ", ")));
      }
      by_input[spec.name] = &spec;
    }
  }
  std::map<std::string, std::int64_t> symbols;
  std::map<std::string, ValueInfo> bound;
  for (const auto& input : model_.graph.inputs) {
    if (std::find(names.begin(), names.end(), input.name) == names.end()) continue;
    ValueInfo vi = input;
    auto it = by_input.find(input.name);
    if (it != by_input.end()) {
      const Shape& shape = it->second->shape;
      if (vi.has_shape && vi.dims.size() != shape.size()) {
        throw Error(fmt::format("{}: input '{}' has rank {} ({}), the given shape has rank {}",
                                file_.string(), input.name, vi.dims.size(), shape_text(vi),
                                shape.size()));
      }
      vi.dims.resize(shape.size());
      vi.has_shape = true;
      for (std::size_t d = 0; d < shape.size(); ++d) {
        Dim& dim = vi.dims[d];
        if (dim.value >= 0 && dim.value != shape[d]) {
          throw Error(
              fmt::format("{}: input '{}' has the fixed shape {}; dimension {} cannot be {}",
                          file_.string(), input.name, shape_text(input), d, shape[d]));
        }
        if (!dim.param.empty()) symbols[dim.param] = shape[d];
        dim.value = shape[d];
      }
      if (it->second->dtype) vi.elem = onnx_elem_type(*it->second->dtype);
    }
    bound[input.name] = std::move(vi);
  }
  for (const auto& [symbol, value] : symbols) out_.bindings.push_back({symbol, value, false});
  for (const auto& input : model_.graph.inputs) {
    auto it = bound.find(input.name);
    if (it == bound.end()) continue;
    const std::string& name = it->first;
    ValueInfo& vi = it->second;
    for (std::size_t d = 0; d < vi.dims.size(); ++d) {
      Dim& dim = vi.dims[d];
      if (dim.value >= 0) continue;
      // An unnamed dynamic dim is named after its input and position, so --dim can bind it.
      const std::string symbol = dim.param.empty() ? fmt::format("{}.{}", name, d) : dim.param;
      auto sym = symbols.find(symbol);
      if (sym == symbols.end()) {
        const auto given = lookup_dim(dims, symbol);
        const bool defaulted = !given;
        const std::int64_t value = defaulted ? 1 : given->value;
        sym = symbols.emplace(symbol, value).first;
        out_.bindings.push_back(defaulted ? DimBinding{symbol, 1, true}
                                          : binding_of(symbol, *given));
        if (defaulted) {
          out_.notes.push_back(fmt::format(
              "input '{}' has the dynamic dim '{}' (shape {}); it is taken as 1 (bind it with "
              "--dim {}=<size> or --input-shape)",
              name, symbol, shape_text(input), symbol));
        }
      }
      dim.value = sym->second;
    }
    if (vi.kind != ValueKind::tensor) {
      // A sequence or optional input: what it holds, as far as declared (onnx_sequences.hpp).
      out_.types[name] = TensorType{vi.elem, concrete(vi)};
      sequences_.declare(name, vi);
      if (vi.kind == ValueKind::sequence) out_.unknown_reason[name] = kSequenceReason;
      continue;
    }
    if (!vi.has_shape) {
      throw Error(
          fmt::format("{}: input '{}' has no declared shape; give it with --input-shape {}=...",
                      file_.string(), name, name));
    }
    out_.types[name] = TensorType{vi.elem, concrete(vi)};
  }
}

std::int64_t Inference::opset_of(const Node& node) const {
  auto it = model_.opsets.find(node.domain);
  return it == model_.opsets.end() ? 0 : it->second;
}

std::optional<std::int64_t> Inference::bound(const std::string& symbol) {
  if (auto value = bound_symbol(symbol)) return value;
  pending_.push_back(symbol);
  return std::nullopt;
}

std::vector<std::string> Inference::waits_of_outputs(const Node& node) const {
  std::vector<std::string> waits = pending_;
  for (const auto& name : node.inputs) {
    if (auto it = out_.waits_on.find(name); it != out_.waits_on.end()) {
      waits.insert(waits.end(), it->second.begin(), it->second.end());
    } else if (auto why = out_.unknown_reason.find(name); why != out_.unknown_reason.end()) {
      // Carried down, so a plumbing tensor the builder drops (a Shape -> Gather -> Equal feeding
      // an If) still says why it has no shape.
      waits.push_back(why->second);
    }
  }
  std::sort(waits.begin(), waits.end());
  waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
  return waits;
}

void Inference::infer(const Node& node) {
  NodeInputs in;
  in.data_dims = this;
  pending_.clear();
  for (const auto& name : node.inputs) {
    auto t = name.empty() ? out_.types.end() : out_.types.find(name);
    in.types.push_back(t == out_.types.end() ? nullptr : &t->second);
    auto v = name.empty() ? out_.values.end() : out_.values.find(name);
    in.values.push_back(v == out_.values.end() ? nullptr : &v->second);
  }
  std::vector<TensorType> outputs;
  std::optional<Value> sequence_value;
  bool sequence_op = false;
  try {
    sequence_op = sequences_.infer(node, in, outputs, sequence_value);
  } catch (const ShapeError& e) {
    throw Error(fmt::format("{}: node '{}' ({}): shape inference failed: {}", file_.string(),
                            node.name, node.op_type, e.what()));
  }
  if (sequence_op) {
    if (sequence_value) out_.values.insert_or_assign(node.outputs[0], *sequence_value);
    for (const auto& name : node.outputs) {
      if (sequences_.is_sequence(name)) out_.unknown_reason[name] = kSequenceReason;
    }
  } else if (infer_control_flow(node, outputs)) {
    pending_.clear();  // Left over from the bodies' nodes.
  } else {
    RuleResult result = RuleResult::no_rule;
    try {
      result = infer_node(node, opset_of(node), in, outputs);
    } catch (const ShapeError& e) {
      throw Error(fmt::format("{}: node '{}' ({}): shape inference failed: {}", file_.string(),
                              node.name, node.op_type, e.what()));
    }
    if (result == RuleResult::no_rule) {
      for (const auto& name : node.outputs) {
        out_.unknown_reason[name] = fmt::format(
            "no shape rule for {}{}", node.domain.empty() ? "" : node.domain + "::", node.op_type);
      }
    }
  }
  const std::vector<std::string> waits = waits_of_outputs(node);
  for (std::size_t k = 0; k < node.outputs.size(); ++k) {
    const std::string& name = node.outputs[k];
    if (name.empty()) continue;
    TensorType& slot = out_.types[name];
    slot = outputs[k];
    if (!slot.dims && !waits.empty()) {
      // A data-dependent shape: the exporter's declared shape (a dim_param it made up, or a traced
      // size) would be a guess, so the tensor waits on its symbols.
      auto& w = out_.waits_on[name];
      w.insert(w.end(), waits.begin(), waits.end());
      std::sort(w.begin(), w.end());
      w.erase(std::unique(w.begin(), w.end()), w.end());
    } else if (!slot.dims && !out_.waits_on.contains(name)) {
      if (auto declared = declared_.find(name); declared != declared_.end()) {
        slot = declared->second;
      }
    }
  }
  if (auto folded = fold_node(node, in.values, in.types, outputs)) {
    for (std::size_t k = 0; k < folded->size(); ++k) {
      out_.values.insert_or_assign(node.outputs[k], std::move((*folded)[k]));
    }
  }
}

InferredModel infer_shapes(const Model& model, const LoadOptions& options, const fs::path& file) {
  return Inference(model, file).run(options);
}

}  // namespace graphstat::frontends::onnxfe
