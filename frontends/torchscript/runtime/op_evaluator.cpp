#include "op_evaluator.hpp"

#include <ATen/ATen.h>
#include <ATen/core/stack.h>
#include <c10/util/Exception.h>

#include <optional>
#include <string>

#include "shape_functions.hpp"
#include "torchvision_ops.hpp"

namespace graphstat::frontends::torchscript {
namespace {

// Rebuilds `value` with `f` applied to every tensor, through lists and tuples.
template <typename F>
c10::IValue map_tensors(const c10::IValue& value, F&& f) {
  if (value.isTensor()) return f(value.toTensor());
  if (value.isTensorList()) {
    c10::List<at::Tensor> out;
    for (const at::Tensor& t : value.toTensorVector()) out.push_back(f(t));
    return out;
  }
  if (value.isList()) {
    // A generic list (List[Optional[Tensor]] for aten::index, ...): keep its element type.
    auto list = value.toList();
    c10::impl::GenericList out(list.elementType());
    for (const c10::IValue& element : list) out.push_back(map_tensors(element, f));
    return out;
  }
  if (value.isTuple()) {
    std::vector<c10::IValue> elements;
    for (const c10::IValue& element : value.toTupleRef().elements()) {
      elements.push_back(map_tensors(element, f));
    }
    return c10::ivalue::Tuple::create(std::move(elements));
  }
  return value;
}

c10::IValue materialize(const c10::IValue& value) {
  return map_tensors(value, [](const at::Tensor& t) -> at::Tensor {
    if (!t.defined() || !t.is_meta()) return t;
    return at::zeros(t.sizes(), at::TensorOptions().dtype(t.scalar_type()));
  });
}

std::vector<c10::IValue> run(const torch::jit::Node& node, std::vector<c10::IValue> inputs) {
  torch::jit::Operation operation = node.getOperation();
  const std::size_t count = inputs.size();
  torch::jit::Stack stack(std::make_move_iterator(inputs.begin()),
                          std::make_move_iterator(inputs.end()));
  // A vararg operator (aten::format) reads its argument count from the top of the stack, as the
  // interpreter pushes it.
  const auto* schema = node.maybeSchema();
  if (schema != nullptr && schema->is_vararg())
    stack.emplace_back(static_cast<std::int64_t>(count));
  operation(stack);
  return {std::make_move_iterator(stack.begin()), std::make_move_iterator(stack.end())};
}

// The container ops the interpreter runs as its own instructions (they have no operator to call).
std::optional<std::vector<c10::IValue>> container_op(const torch::jit::Node& node,
                                                     const std::vector<c10::IValue>& inputs) {
  const std::string kind = node.kind().toQualString();
  if (kind == "prim::ListConstruct") {
    c10::impl::GenericList list(node.output()->type()->expectRef<c10::ListType>().getElementType());
    for (const c10::IValue& input : inputs) list.push_back(input);
    return std::vector<c10::IValue>{c10::IValue(std::move(list))};
  }
  if (kind == "prim::TupleConstruct") {
    return std::vector<c10::IValue>{c10::ivalue::Tuple::create(inputs)};
  }
  if (kind == "prim::ListUnpack") {
    const auto list = inputs.at(0).toList();
    TORCH_CHECK(list.size() == node.outputs().size(), "expected ", node.outputs().size(),
                " elements to unpack, got ", list.size());
    return std::vector<c10::IValue>(list.begin(), list.end());
  }
  if (kind == "prim::TupleUnpack") {
    const auto& elements = inputs.at(0).toTupleRef().elements();
    return std::vector<c10::IValue>(elements.begin(), elements.end());
  }
  if (kind == "prim::TupleIndex") {
    const auto& elements = inputs.at(0).toTupleRef().elements();
    std::int64_t index = inputs.at(1).toInt();
    if (index < 0) index += static_cast<std::int64_t>(elements.size());
    return std::vector<c10::IValue>{elements.at(static_cast<std::size_t>(index))};
  }
  if (kind == "prim::unchecked_cast") return inputs;
  if (kind == "prim::DictConstruct") {  // key, value, key, value, ...
    const auto& type = node.output()->type()->expectRef<c10::DictType>();
    c10::impl::GenericDict dict(type.getKeyType(), type.getValueType());
    for (std::size_t i = 0; i + 1 < inputs.size(); i += 2) {
      dict.insert_or_assign(inputs[i], inputs[i + 1]);
    }
    return std::vector<c10::IValue>{c10::IValue(std::move(dict))};
  }
  // A message for an exception or a warning; formatting it would print meta tensors.
  if (kind == "aten::format") return std::vector<c10::IValue>{inputs.at(0)};
  if (kind == "prim::Uninitialized") return std::vector<c10::IValue>{c10::IValue()};
  // isinstance(x, (A, B)) in scripted code that the compiler could not decide (an Optional, a
  // Union): the interpreter's ISINSTANCE instruction, on the value's runtime type.
  if (kind == "prim::isinstance") {
    const c10::TypePtr actual = inputs.at(0).type();
    bool is = false;
    for (const c10::TypePtr& candidate : node.tys(c10::attr::types))
      is = is || actual->isSubtypeOf(*candidate);
    return std::vector<c10::IValue>{c10::IValue(is)};
  }
  // The interpreter runs warnings as its own instruction; a report has nothing to warn about.
  if (kind == "aten::warn") return std::vector<c10::IValue>{};
  if (kind == "prim::RaiseException") {
    TORCH_CHECK(false, "the model raises an exception on this input: ",
                inputs.empty() ? std::string("?") : inputs[0].toStringRef());
  }
  return std::nullopt;
}

bool holds_meta(const c10::IValue& value) {
  bool meta = false;
  map_tensors(value, [&](const at::Tensor& t) -> at::Tensor {
    meta = meta || (t.defined() && t.is_meta());
    return t;
  });
  return meta;
}

c10::IValue to_meta_unless_small(const c10::IValue& value) {
  return map_tensors(value, [](const at::Tensor& t) -> at::Tensor {
    if (!t.defined() || t.is_meta() || t.dim() == 0 || t.numel() <= 16) return t;
    return meta_like(t);
  });
}

// Every tensor, 0-d ones too: what an op computes from shape-only inputs is data, even a single
// number (the median of an activation, evaluated on zeros for want of a meta kernel, is not 0).
c10::IValue all_to_meta(const c10::IValue& value) {
  return map_tensors(value, [](const at::Tensor& t) -> at::Tensor {
    if (!t.defined() || t.is_meta()) return t;
    return meta_like(t);
  });
}

}  // namespace

c10::IValue to_meta(const c10::IValue& value) {
  return map_tensors(value, [](const at::Tensor& t) -> at::Tensor {
    if (!t.defined() || t.is_meta() || t.dim() == 0) return t;
    return meta_like(t);
  });
}

std::vector<c10::IValue> evaluate(const torch::jit::Node& node,
                                  const std::vector<c10::IValue>& inputs) {
  if (auto outputs = container_op(node, inputs)) return std::move(*outputs);
  if (auto outputs = infer_outputs(node, inputs)) return std::move(*outputs);
  if (auto outputs = infer_torchvision_outputs(node.kind().toQualString(), inputs)) {
    return std::move(*outputs);
  }
  std::vector<c10::IValue> outputs;
  try {
    outputs = run(node, inputs);
  } catch (const c10::Error&) {
    // No meta kernel (or a mix of devices it refuses): compute on zeros, see the header.
    std::vector<c10::IValue> real;
    real.reserve(inputs.size());
    for (const c10::IValue& input : inputs) real.push_back(materialize(input));
    outputs = run(node, std::move(real));
  }
  // Keep tensors shape-only from here on, also those an op created on the CPU (torch.zeros); but a
  // small tensor computed from real values only (torch.tensor(image.shape[-2:]), the min of it)
  // keeps its values: code reads them back with .item() to compute sizes.
  bool real = true;
  for (const c10::IValue& input : inputs) real = real && !holds_meta(input);
  for (c10::IValue& output : outputs)
    output = real ? to_meta_unless_small(output) : all_to_meta(output);
  return outputs;
}

}  // namespace graphstat::frontends::torchscript
