#include "onnx_sequences.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "onnx_shape_context.hpp"

namespace graphstat::frontends::onnxfe {
namespace {
using shape_rules::axis_in;
using shape_rules::Dims;
using shape_rules::fail;

// The dims every element shares, when the elements are known and agree.
std::optional<Dims> common_of(const std::vector<TensorType>& elements) {
  if (elements.empty() || !elements.front().dims) return std::nullopt;
  for (const auto& e : elements) {
    if (e.dims != elements.front().dims) return std::nullopt;
  }
  return elements.front().dims;
}

SequenceType of_elements(std::int32_t elem_type, std::vector<TensorType> elements) {
  SequenceType s;
  s.elem = elem_type;
  s.common = common_of(elements);
  s.elements = std::move(elements);
  return s;
}

// A position input (scalar int) normalized into [0, size] (insert) or [0, size) (read, erase).
std::optional<std::size_t> position(const NodeInputs& in, std::size_t k, std::size_t size,
                                    bool insert) {
  if (k >= in.values.size() || in.values[k] == nullptr || in.values[k]->size() != 1) {
    return std::nullopt;
  }
  const auto n = static_cast<std::int64_t>(size);
  std::int64_t p = in.values[k]->at_i(0);
  const std::int64_t hi = insert ? n : n - 1;
  if (p < -n || p > hi) fail(fmt::format("position {} is out of range for {} elements", p, n));
  if (p < 0) p += n;
  return static_cast<std::size_t>(p);
}

// SplitToSequence: chunks of the input along `axis` (opset 11).
std::optional<std::vector<TensorType>> split_elements(const Node& node, const NodeInputs& in) {
  const TensorType* input = in.types.empty() ? nullptr : in.types[0];
  if (input == nullptr || !input->dims) return std::nullopt;
  const Dims& dims = *input->dims;
  const auto axis = static_cast<std::size_t>(axis_in(node.attr_int("axis", 0), dims.size()));
  const std::int64_t length = dims[axis];
  std::vector<std::int64_t> sizes;
  bool squeeze = false;
  const bool has_split = node.inputs.size() > 1 && !node.inputs[1].empty();
  if (!has_split) {
    sizes.assign(static_cast<std::size_t>(length), 1);
    squeeze = node.attr_int("keepdims", 1) == 0;
  } else {
    const Value* split = in.values.size() > 1 ? in.values[1] : nullptr;
    if (split == nullptr) return std::nullopt;
    if (split->dims.empty()) {
      const std::int64_t chunk = split->at_i(0);
      if (chunk <= 0) fail(fmt::format("split size {} is not positive", chunk));
      for (std::int64_t at = 0; at < length; at += chunk) {
        sizes.push_back(std::min(chunk, length - at));
      }
    } else {
      sizes = split->ints();
      std::int64_t total = 0;
      for (auto s : sizes) total += s;
      if (total != length) {
        fail(fmt::format("split sizes add up to {}, the axis has {}", total, length));
      }
    }
  }
  std::vector<TensorType> elements;
  for (auto size : sizes) {
    Dims d = dims;
    if (squeeze) {
      d.erase(d.begin() + static_cast<std::ptrdiff_t>(axis));
    } else {
      d[axis] = size;
    }
    elements.push_back({input->elem, std::move(d)});
  }
  return elements;
}

// ConcatFromSequence: the elements concatenated along `axis`, or stacked on a new one.
std::optional<Dims> concat_elements(const Node& node, const SequenceType& seq) {
  const bool new_axis = node.attr_int("new_axis", 0) != 0;
  if (!seq.elements) {
    return std::nullopt;
  }
  if (seq.elements->empty()) fail("ConcatFromSequence of an empty sequence");
  for (const auto& e : *seq.elements) {
    if (!e.dims) return std::nullopt;
  }
  Dims out = *seq.elements->front().dims;
  if (new_axis) {
    const auto axis = static_cast<std::size_t>(axis_in(node.attr_int("axis", 0), out.size() + 1));
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(axis),
               static_cast<std::int64_t>(seq.elements->size()));
    return out;
  }
  const auto axis = static_cast<std::size_t>(axis_in(node.attr_int("axis", 0), out.size()));
  out[axis] = 0;
  for (const auto& e : *seq.elements) {
    if (e.dims->size() != out.size()) fail("elements of different ranks cannot be concatenated");
    out[axis] += (*e.dims)[axis];
  }
  return out;
}

}  // namespace

void Sequences::declare(const std::string& name, const ValueInfo& vi) {
  if (vi.kind != ValueKind::sequence) return;
  SequenceType s;
  s.elem = vi.elem;
  if (vi.has_shape &&
      std::all_of(vi.dims.begin(), vi.dims.end(), [](const Dim& d) { return d.value >= 0; })) {
    Dims d;
    for (const auto& dim : vi.dims) d.push_back(dim.value);
    s.common = std::move(d);
  }
  seqs_[name] = std::move(s);
}

void Sequences::carry(const std::string& formal, const std::string& actual) {
  const SequenceType* from = find(actual);
  if (from == nullptr) return;
  SequenceType s{from->elem, std::nullopt, from->common};
  seqs_[formal] = std::move(s);
}

const SequenceType* Sequences::find(const std::string& name) const {
  auto it = seqs_.find(name);
  return it == seqs_.end() ? nullptr : &it->second;
}

bool Sequences::infer(const Node& node, const NodeInputs& in, std::vector<TensorType>& outputs,
                      std::optional<Value>& value) {
  if (!node.is_default_domain() || node.outputs.empty()) return false;
  const std::string& op = node.op_type;
  const std::string& out_name = node.outputs[0];
  const SequenceType* input = node.inputs.empty() ? nullptr : find(node.inputs[0]);
  outputs.assign(node.outputs.size(), TensorType{});
  auto scalar = [&](std::int32_t e, std::optional<std::int64_t> v) {
    outputs[0] = TensorType{e, Dims{}};
    if (v) {
      value = Value::zeros(e, {});
      value->i[0] = *v;
    }
  };
  if (op == "SequenceEmpty") {
    seqs_[out_name] =
        of_elements(static_cast<std::int32_t>(node.attr_int("dtype", elem::float32)), {});
  } else if (op == "SequenceConstruct") {
    std::vector<TensorType> elements;
    for (const auto* t : in.types) elements.push_back(t != nullptr ? *t : TensorType{});
    const std::int32_t e = elements.empty() ? elem::undefined : elements.front().elem;
    seqs_[out_name] = of_elements(e, std::move(elements));
  } else if (op == "SplitToSequence") {
    const std::int32_t e = in.types.empty() || in.types[0] == nullptr ? 0 : in.types[0]->elem;
    if (auto elements = split_elements(node, in)) {
      seqs_[out_name] = of_elements(e, std::move(*elements));
    } else {
      seqs_[out_name] = SequenceType{e, std::nullopt, std::nullopt};
    }
  } else if (op == "SequenceInsert" || op == "SequenceErase") {
    SequenceType s = input != nullptr ? *input : SequenceType{};
    const bool insert = op == "SequenceInsert";
    const TensorType inserted =
        insert && in.types.size() > 1 && in.types[1] != nullptr ? *in.types[1] : TensorType{};
    if (insert && s.elem == elem::undefined) s.elem = inserted.elem;
    if (s.elements) {
      auto& el = *s.elements;
      const std::size_t pos_input = insert ? 2 : 1;
      const bool given = node.inputs.size() > pos_input && !node.inputs[pos_input].empty();
      std::optional<std::size_t> at;
      if (!given) {
        if (!insert && el.empty()) fail("SequenceErase of an empty sequence");
        at = insert ? el.size() : el.size() - 1;
      } else {
        at = position(in, pos_input, el.size(), insert);
      }
      if (!at) {
        s.elements.reset();
      } else if (insert) {
        el.insert(el.begin() + static_cast<std::ptrdiff_t>(*at), inserted);
      } else {
        el.erase(el.begin() + static_cast<std::ptrdiff_t>(*at));
      }
    }
    if (s.elements) {
      s.common = common_of(*s.elements);
    } else if (insert && s.common != inserted.dims) {
      s.common.reset();
    }
    seqs_[out_name] = std::move(s);
  } else if (op == "SequenceAt") {
    if (input != nullptr) {
      outputs[0].elem = input->elem;
      std::optional<std::size_t> at;
      if (input->elements) at = position(in, 1, input->elements->size(), false);
      outputs[0].dims = at ? (*input->elements)[*at].dims : input->common;
    }
  } else if (op == "SequenceLength") {
    std::optional<std::int64_t> n;
    if (input != nullptr && input->elements) {
      n = static_cast<std::int64_t>(input->elements->size());
    }
    scalar(elem::int64, n);
  } else if (op == "ConcatFromSequence") {
    if (input != nullptr) outputs[0] = TensorType{input->elem, concat_elements(node, *input)};
  } else if (op == "Optional") {
    const bool present = !node.inputs.empty() && !node.inputs[0].empty();
    has_element_[out_name] = present;
    if (input != nullptr) seqs_[out_name] = *input;
    if (present && in.types[0] != nullptr) outputs[0] = *in.types[0];
  } else if (op == "OptionalGetElement") {
    if (input != nullptr) seqs_[out_name] = *input;
    if (!in.types.empty() && in.types[0] != nullptr) outputs[0] = *in.types[0];
  } else if (op == "OptionalHasElement") {
    std::optional<std::int64_t> has;
    if (node.inputs.empty() || node.inputs[0].empty()) {
      has = 0;
    } else if (auto it = has_element_.find(node.inputs[0]); it != has_element_.end()) {
      has = it->second ? 1 : 0;
    }
    scalar(elem::boolean, has);
  } else if (op == "Identity" && input != nullptr) {
    seqs_[out_name] = *input;
  } else {
    return false;
  }
  return true;
}

}  // namespace graphstat::frontends::onnxfe
