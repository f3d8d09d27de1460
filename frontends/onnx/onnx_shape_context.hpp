#pragma once
// What a shape rule sees of one node (its attributes, input types, known input values) and writes
// (its output types), plus the helpers the rules share. Private to onnx_shape_rules*.cpp.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "onnx_shape_rules.hpp"

namespace graphstat::frontends::onnxfe::shape_rules {

using Dims = std::vector<std::int64_t>;

class Ctx {
 public:
  Ctx(const Node& node, std::int64_t opset, const NodeInputs& in, std::vector<TensorType>& out)
      : node(node), opset(opset), in_(in), out_(out) {}

  const Node& node;
  const std::int64_t opset;

  /// Input `k` is given (not absent, not "").
  bool has(std::size_t k) const { return k < node.inputs.size() && !node.inputs[k].empty(); }
  const TensorType* type(std::size_t k) const {
    return k < in_.types.size() ? in_.types[k] : nullptr;
  }
  std::int32_t elem(std::size_t k) const {
    const TensorType* t = type(k);
    return t != nullptr ? t->elem : elem::undefined;
  }
  /// Input `k`'s dims, or null when unknown.
  const Dims* dims(std::size_t k) const {
    const TensorType* t = type(k);
    return t != nullptr && t->dims ? &*t->dims : nullptr;
  }
  std::optional<Dims> dims_or_none(std::size_t k) const {
    const Dims* d = dims(k);
    return d != nullptr ? std::optional<Dims>(*d) : std::nullopt;
  }
  const Value* value(std::size_t k) const {
    return k < in_.values.size() ? in_.values[k] : nullptr;
  }
  std::optional<Dims> ints(std::size_t k) const {
    const Value* v = value(k);
    if (v == nullptr) return std::nullopt;
    return v->ints();
  }

  /// The value bound to this node's data-dependent dim `what` (see DataDims), or nothing.
  std::optional<std::int64_t> data_dim(const std::string& what) const {
    if (in_.data_dims == nullptr) return std::nullopt;
    return in_.data_dims->bound(data_dim_symbol(node, what));
  }

  void set(std::size_t k, std::int32_t e, std::optional<Dims> d) {
    if (k >= out_.size()) return;
    out_[k].elem = e;
    out_[k].dims = std::move(d);
  }
  void same_as_input(std::size_t out_index, std::size_t in_index) {
    const TensorType* t = type(in_index);
    if (t != nullptr) set(out_index, t->elem, t->dims);
  }

 private:
  const NodeInputs& in_;
  std::vector<TensorType>& out_;
};

using Rule = std::function<void(Ctx&)>;
using RuleTable = std::unordered_map<std::string, Rule>;

/// Throws ShapeError.
[[noreturn]] void fail(const std::string& message);
/// Dim arithmetic that cannot wrap: a product or sum outside int64 is a ShapeError naming `what`,
/// never a dim that overflowed into a small or negative number (and never signed-overflow UB).
std::int64_t dim_mul(std::int64_t a, std::int64_t b, std::string_view what);
std::int64_t dim_add(std::int64_t a, std::int64_t b, std::string_view what);
/// `axis` normalized into [0, rank); ShapeError when out of range.
std::int64_t axis_in(std::int64_t axis, std::size_t rank);
std::string text(const Dims& d);
/// Numpy broadcasting; ShapeError when the shapes do not broadcast.
Dims broadcast(const Dims& a, const Dims& b);

/// Conv, ConvTranspose, pooling, Gemm, MatMul, Einsum (onnx_compute_shapes.cpp).
void add_compute_rules(RuleTable& table);
/// LSTM, GRU, RNN (onnx_shape_rules_recurrent.cpp).
void add_recurrent_rules(RuleTable& table);
/// NonMaxSuppression, NonZero, TopK, RoiAlign, GridSample: detection heads and optical flow, with
/// data-dependent dims as named symbols (onnx_shape_rules_detection.cpp).
void add_detection_rules(RuleTable& table);
/// Random tensors shaped like an input, quantization, Det (onnx_shape_rules_misc.cpp).
void add_misc_rules(RuleTable& table);

}  // namespace graphstat::frontends::onnxfe::shape_rules
