// More constant folding for the shape arithmetic of torchvision's detection transforms and heads
// as torch 1.13 exports them: the resize scale (ReduceMin/ReduceMax of size ratios, Reciprocal,
// Round), anchor grids (Split, Tile), box counts (NonZero of known masks) and variadic Min/Max.
// Integer results that overflow are not folded (the shape stays unknown rather than wrong).

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_set>

#include "onnx_const_eval.hpp"

namespace graphstat::frontends::onnxfe {
namespace {

using Dims = std::vector<std::int64_t>;

std::vector<std::size_t> strides_of(const Dims& dims) {
  std::vector<std::size_t> s(dims.size(), 1);
  for (std::size_t k = dims.size(); k-- > 1;) s[k - 1] = s[k] * static_cast<std::size_t>(dims[k]);
  return s;
}

// ReduceMin/Max/Sum/Prod/Mean over `axes` (all when empty), keepdims or not: the output's flat
// index of each input element is its coordinates with the reduced axes dropped.
std::optional<Value> reduce(const std::string& op, const Value& in, const Dims& axes_given,
                            const Dims& out_dims, std::int32_t out_elem) {
  const auto rank = static_cast<std::int64_t>(in.dims.size());
  std::unordered_set<std::int64_t> axes;
  for (auto a : axes_given) {
    if (a < -rank || a >= rank) return std::nullopt;
    axes.insert(a < 0 ? a + rank : a);
  }
  if (axes.empty()) {
    for (std::int64_t d = 0; d < rank; ++d) axes.insert(d);
  }
  Dims kept;
  for (std::int64_t d = 0; d < rank; ++d) {
    kept.push_back(axes.contains(d) ? 1 : in.dims[static_cast<std::size_t>(d)]);
  }
  Value out = Value::zeros(out_elem, out_dims);
  if (element_count(kept) != out.size() || in.size() == 0) return std::nullopt;
  const auto in_strides = strides_of(in.dims);
  const auto out_strides = strides_of(kept);
  std::vector<double> acc_f(out.size());
  std::vector<std::int64_t> acc_i(out.size());
  std::vector<bool> seen(out.size(), false);
  for (std::size_t k = 0; k < in.size(); ++k) {
    std::size_t o = 0;
    for (std::size_t d = 0; d < in.dims.size(); ++d) {
      const std::size_t coord = (k / in_strides[d]) % static_cast<std::size_t>(in.dims[d]);
      if (!axes.contains(static_cast<std::int64_t>(d))) o += coord * out_strides[d];
    }
    const double x = in.at_f(k);
    const std::int64_t xi = in.at_i(k);
    if (!seen[o]) {
      seen[o] = true;
      acc_f[o] = x;
      acc_i[o] = xi;
      continue;
    }
    if (op == "ReduceMin") {
      acc_f[o] = std::min(acc_f[o], x);
      acc_i[o] = std::min(acc_i[o], xi);
    } else if (op == "ReduceMax") {
      acc_f[o] = std::max(acc_f[o], x);
      acc_i[o] = std::max(acc_i[o], xi);
    } else if (op == "ReduceSum" || op == "ReduceMean") {
      acc_f[o] += x;
      if (__builtin_add_overflow(acc_i[o], xi, &acc_i[o])) return std::nullopt;
    } else {  // ReduceProd
      acc_f[o] *= x;
      if (__builtin_mul_overflow(acc_i[o], xi, &acc_i[o])) return std::nullopt;
    }
  }
  const auto n = static_cast<std::int64_t>(in.size() / out.size());
  for (std::size_t o = 0; o < out.size(); ++o) {
    if (op == "ReduceMean") {
      out.set(o, acc_f[o] / static_cast<double>(n), acc_i[o] / n);
    } else {
      out.set(o, acc_f[o], acc_i[o]);
    }
  }
  return out;
}

std::optional<Value> unary(const std::string& op, const Value& in, const Dims& out_dims,
                           std::int32_t out_elem) {
  Value out = Value::zeros(out_elem, out_dims);
  if (out.size() != in.size()) return std::nullopt;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const double x = in.at_f(k);
    double r = x;
    if (op == "Reciprocal") {
      if (x == 0) return std::nullopt;
      r = 1.0 / x;
    }
    // Round halves to even, as ONNX specifies (std::nearbyint in the default rounding mode).
    if (op == "Round") r = std::nearbyint(x);
    if (!out.fp && !in.fp) {
      out.i[k] = in.i[k];  // Integer Round is the identity; integer Reciprocal is not exported.
    } else {
      out.set(k, r, static_cast<std::int64_t>(r));
    }
  }
  return out;
}

// Min/Max/Sum over any number of inputs (the two-input case is in onnx_const_eval.cpp), with
// numpy broadcasting resolved by the inferred output dims.
std::optional<Value> variadic(const std::string& op, const std::vector<const Value*>& in,
                              const Dims& out_dims, std::int32_t out_elem) {
  Value out = Value::zeros(out_elem, out_dims);
  const auto out_strides = strides_of(out_dims);
  for (std::size_t k = 0; k < out.size(); ++k) {
    double f = 0;
    std::int64_t i = 0;
    for (std::size_t a = 0; a < in.size(); ++a) {
      const Value& v = *in[a];
      if (v.dims.size() > out_dims.size()) return std::nullopt;
      const auto in_strides = strides_of(v.dims);
      const std::size_t offset = out_dims.size() - v.dims.size();
      std::size_t index = 0;
      for (std::size_t d = offset; d < out_dims.size(); ++d) {
        const std::size_t coord = (k / out_strides[d]) % static_cast<std::size_t>(out_dims[d]);
        if (v.dims[d - offset] != 1) index += coord * in_strides[d - offset];
      }
      if (index >= v.size()) return std::nullopt;
      const double x = v.at_f(index);
      const std::int64_t xi = v.at_i(index);
      if (a == 0) {
        f = x;
        i = xi;
      } else if (op == "Min") {
        f = std::min(f, x);
        i = std::min(i, xi);
      } else if (op == "Max") {
        f = std::max(f, x);
        i = std::max(i, xi);
      } else {
        f += x;
        if (__builtin_add_overflow(i, xi, &i)) return std::nullopt;
      }
    }
    out.set(k, f, i);
  }
  return out;
}

// Split along `axis` into the outputs' (already inferred) extents.
std::optional<std::vector<Value>> split(const Node& node, const Value& in,
                                        const std::vector<TensorType>& outputs) {
  const auto rank = static_cast<std::int64_t>(in.dims.size());
  std::int64_t axis = node.attr_int("axis", 0);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return std::nullopt;
  std::size_t outer = 1;
  for (std::int64_t d = 0; d < axis; ++d) outer *= static_cast<std::size_t>(in.dims[d]);
  std::size_t inner = 1;
  for (std::int64_t d = axis + 1; d < rank; ++d) inner *= static_cast<std::size_t>(in.dims[d]);
  const auto total = static_cast<std::size_t>(in.dims[static_cast<std::size_t>(axis)]);
  std::vector<Value> result;
  std::size_t begin = 0;
  for (const auto& type : outputs) {
    if (!type.dims || type.dims->size() != in.dims.size()) return std::nullopt;
    const auto extent = static_cast<std::size_t>((*type.dims)[static_cast<std::size_t>(axis)]);
    Value out = Value::zeros(in.elem, *type.dims);
    std::size_t k = 0;
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t j = 0; j < extent * inner; ++j, ++k) {
        const std::size_t src = (o * total + begin) * inner + j;
        if (k >= out.size() || src >= in.size()) return std::nullopt;
        out.set(k, in.at_f(src), in.at_i(src));
      }
    }
    if (k != out.size()) return std::nullopt;
    begin += extent;
    result.push_back(std::move(out));
  }
  if (begin != total) return std::nullopt;
  return result;
}

std::optional<Value> tile(const Value& in, const Dims& out_dims) {
  if (out_dims.size() != in.dims.size()) return std::nullopt;
  Value out = Value::zeros(in.elem, out_dims);
  const auto out_strides = strides_of(out_dims);
  const auto in_strides = strides_of(in.dims);
  for (std::size_t k = 0; k < out.size(); ++k) {
    std::size_t src = 0;
    for (std::size_t d = 0; d < out_dims.size(); ++d) {
      if (in.dims[d] <= 0) return std::nullopt;
      const std::size_t coord = (k / out_strides[d]) % static_cast<std::size_t>(out_dims[d]);
      src += (coord % static_cast<std::size_t>(in.dims[d])) * in_strides[d];
    }
    out.set(k, in.at_f(src), in.at_i(src));
  }
  return out;
}

// Indices of the nonzero elements, [rank, count], row-major order as ONNX specifies.
std::optional<Value> non_zero(const Value& in, const Dims& out_dims) {
  Value out = Value::zeros(elem::int64, out_dims);
  const std::size_t rank = in.dims.size();
  if (out_dims.size() != 2 || static_cast<std::size_t>(out_dims[0]) != rank) return std::nullopt;
  const auto count = static_cast<std::size_t>(out_dims[1]);
  const auto strides = strides_of(in.dims);
  std::size_t j = 0;
  for (std::size_t k = 0; k < in.size(); ++k) {
    if (in.at_f(k) == 0) continue;
    if (j >= count) return std::nullopt;
    for (std::size_t d = 0; d < rank; ++d) {
      out.i[d * count + j] =
          static_cast<std::int64_t>((k / strides[d]) % static_cast<std::size_t>(in.dims[d]));
    }
    ++j;
  }
  if (j != count) return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::vector<Value>> fold_more(const Node& node, const std::vector<const Value*>& in,
                                            const std::vector<TensorType>& output_types) {
  const std::string& op = node.op_type;
  for (const auto& t : output_types) {
    if (!t.dims || element_count(*t.dims) > kMaxFoldedElements || !has_value_type(t.elem)) {
      return std::nullopt;
    }
  }
  if (in.empty() || output_types.empty()) return std::nullopt;
  for (const Value* v : in) {
    if (v == nullptr && op != "Split" && !op.starts_with("Reduce")) return std::nullopt;
  }
  if (in[0] == nullptr) return std::nullopt;
  const Dims& out_dims = *output_types[0].dims;
  const std::int32_t out_elem = output_types[0].elem;
  std::optional<Value> one;
  if (op == "ReduceMin" || op == "ReduceMax" || op == "ReduceSum" || op == "ReduceProd" ||
      op == "ReduceMean") {
    Dims axes = node.attr_ints("axes").value_or(Dims{});
    if (in.size() > 1 && in[1] != nullptr) {
      axes = in[1]->ints();
    } else if (in.size() > 1) {
      return std::nullopt;  // Axes given as an input whose value is unknown.
    }
    if (axes.empty() && node.attr_int("noop_with_empty_axes", 0) != 0) {
      one = *in[0];
    } else {
      one = reduce(op, *in[0], axes, out_dims, out_elem);
    }
  } else if (op == "Reciprocal" || op == "Round") {
    one = unary(op, *in[0], out_dims, out_elem);
  } else if ((op == "Min" || op == "Max" || op == "Sum") && in.size() != 2) {
    one = variadic(op, in, out_dims, out_elem);
  } else if (op == "Split") {
    return split(node, *in[0], output_types);
  } else if (op == "Tile") {
    one = tile(*in[0], out_dims);
  } else if (op == "NonZero") {
    one = non_zero(*in[0], out_dims);
  } else {
    return std::nullopt;
  }
  if (!one || one->size() != element_count(out_dims)) return std::nullopt;
  one->elem = out_elem;
  one->dims = out_dims;
  return std::vector<Value>{std::move(*one)};
}

}  // namespace graphstat::frontends::onnxfe
