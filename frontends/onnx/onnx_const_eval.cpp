#include "onnx_const_eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>
#include <string>

#include "onnx_shape_rules.hpp"

namespace graphstat::frontends::onnxfe {
namespace {

using Dims = std::vector<std::int64_t>;

std::size_t count(const Dims& dims) { return element_count(dims); }

Value make(std::int32_t elem_type, Dims dims) { return Value::zeros(elem_type, std::move(dims)); }

void set(Value& v, std::size_t k, double f, std::int64_t i) { v.set(k, f, i); }

// int64 arithmetic in two's complement, computed on the unsigned representation (defined
// behaviour).
template <typename Op>
std::int64_t wrapping(std::int64_t a, std::int64_t b, Op op) {
  return static_cast<std::int64_t>(
      op(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b)));
}

std::int64_t wrapping_neg(std::int64_t a) {
  return static_cast<std::int64_t>(std::uint64_t{0} - static_cast<std::uint64_t>(a));
}

std::vector<std::size_t> strides_of(const std::vector<std::int64_t>& dims) {
  std::vector<std::size_t> s(dims.size(), 1);
  for (std::size_t k = dims.size(); k-- > 1;) s[k - 1] = s[k] * static_cast<std::size_t>(dims[k]);
  return s;
}

// Index into `in` (broadcast to `out_dims`) of the output's flat index `k`.
std::size_t broadcast_index(std::size_t k, const std::vector<std::int64_t>& out_dims,
                            const std::vector<std::int64_t>& in_dims) {
  const auto out_strides = strides_of(out_dims);
  const auto in_strides = strides_of(in_dims);
  const std::size_t offset = out_dims.size() - in_dims.size();
  std::size_t index = 0;
  for (std::size_t d = 0; d < out_dims.size(); ++d) {
    const std::size_t coord = (k / out_strides[d]) % static_cast<std::size_t>(out_dims[d]);
    if (d >= offset && in_dims[d - offset] != 1) index += coord * in_strides[d - offset];
  }
  return index;
}

using Binary = std::function<double(double, double)>;
using BinaryInt = std::function<std::int64_t(std::int64_t, std::int64_t)>;

std::optional<Value> elementwise(
    const std::vector<const Value*>& in, std::int32_t out_elem,
    const std::vector<std::int64_t>& out_dims,
    const std::function<void(Value&, std::size_t, const std::vector<std::size_t>&)>& op) {
  Value out = make(out_elem, out_dims);
  std::vector<std::size_t> idx(in.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    for (std::size_t a = 0; a < in.size(); ++a) idx[a] = broadcast_index(k, out_dims, in[a]->dims);
    op(out, k, idx);
  }
  return out;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  if (b == 0) return 0;
  if (b == -1) return wrapping_neg(a);  // INT64_MIN / -1 traps (SIGFPE) on x86
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::optional<Value> arithmetic(const std::string& op, const Value& a, const Value& b,
                                const std::vector<std::int64_t>& out_dims) {
  const bool fp = a.fp || b.fp;
  const std::int32_t elem = a.elem;
  return elementwise({&a, &b}, elem, out_dims, [&](Value& out, std::size_t k, const auto& idx) {
    if (fp) {
      const double x = a.at_f(idx[0]);
      const double y = b.at_f(idx[1]);
      double r = 0;
      if (op == "Add") r = x + y;
      if (op == "Sub") r = x - y;
      if (op == "Mul") r = x * y;
      if (op == "Div") r = y != 0 ? x / y : 0;
      if (op == "Mod") r = y != 0 ? std::fmod(x, y) : 0;
      if (op == "Max") r = std::max(x, y);
      if (op == "Min") r = std::min(x, y);
      set(out, k, r, saturating_int(r));
    } else {
      const std::int64_t x = a.at_i(idx[0]);
      const std::int64_t y = b.at_i(idx[1]);
      std::int64_t r = 0;
      // Two's complement wrap-around, as the runtimes compute int64 tensors; never signed-overflow
      // UB, and never INT64_MIN / -1, which traps.
      if (op == "Add") r = wrapping(x, y, std::plus<>());
      if (op == "Sub") r = wrapping(x, y, std::minus<>());
      if (op == "Mul") r = wrapping(x, y, std::multiplies<>());
      if (op == "Div") r = y == 0 ? 0 : y == -1 ? wrapping_neg(x) : x / y;  // truncates
      if (op == "Mod") {
        // The remainder fits in int64 even when floor(x / y) * y does not: wrap the steps.
        r = y == 0 || y == -1
                ? 0
                : wrapping(x, wrapping(floor_div(x, y), y, std::multiplies<>()), std::minus<>());
      }
      if (op == "Max") r = std::max(x, y);
      if (op == "Min") r = std::min(x, y);
      set(out, k, static_cast<double>(r), r);
    }
  });
}

std::optional<Value> compare(const std::string& op, const Value& a, const Value& b,
                             const std::vector<std::int64_t>& out_dims) {
  return elementwise({&a, &b}, elem::boolean, out_dims,
                     [&](Value& out, std::size_t k, const auto& idx) {
                       const double x = a.at_f(idx[0]);
                       const double y = b.at_f(idx[1]);
                       bool r = false;
                       if (op == "Equal") r = x == y;
                       if (op == "Less") r = x < y;
                       if (op == "Greater") r = x > y;
                       if (op == "And") r = x != 0 && y != 0;
                       if (op == "Or") r = x != 0 || y != 0;
                       out.i[k] = r ? 1 : 0;
                     });
}

std::optional<Value> gather(const Value& data, const Value& indices, std::int64_t axis,
                            const std::vector<std::int64_t>& out_dims) {
  const auto rank = static_cast<std::int64_t>(data.dims.size());
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return std::nullopt;
  std::size_t outer = 1;
  for (std::int64_t d = 0; d < axis; ++d) outer *= static_cast<std::size_t>(data.dims[d]);
  std::size_t inner = 1;
  for (std::int64_t d = axis + 1; d < rank; ++d) inner *= static_cast<std::size_t>(data.dims[d]);
  const std::int64_t n = data.dims[axis];
  Value out = make(data.elem, out_dims);
  std::size_t k = 0;
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t j = 0; j < indices.size(); ++j) {
      std::int64_t ix = indices.at_i(j);
      if (ix < 0) ix += n;
      if (ix < 0 || ix >= n) return std::nullopt;
      for (std::size_t in = 0; in < inner; ++in, ++k) {
        if (k >= out.size()) return std::nullopt;
        const std::size_t src =
            (o * static_cast<std::size_t>(n) + static_cast<std::size_t>(ix)) * inner + in;
        set(out, k, data.at_f(src), data.at_i(src));
      }
    }
  }
  if (k != out.size()) return std::nullopt;
  return out;
}

std::optional<Value> slice(const Node& node, const std::vector<const Value*>& in,
                           const std::vector<std::int64_t>& out_dims) {
  const Value& data = *in[0];
  const auto rank = static_cast<std::int64_t>(data.dims.size());
  std::vector<std::int64_t> starts, ends, axes, steps;
  if (in.size() >= 3) {  // Opset 10+: bounds are inputs.
    for (std::size_t k = 0; k < in[1]->size(); ++k) starts.push_back(in[1]->at_i(k));
    for (std::size_t k = 0; k < in[2]->size(); ++k) ends.push_back(in[2]->at_i(k));
    if (in.size() > 3 && in[3] != nullptr) {
      for (std::size_t k = 0; k < in[3]->size(); ++k) axes.push_back(in[3]->at_i(k));
    }
    if (in.size() > 4 && in[4] != nullptr) {
      for (std::size_t k = 0; k < in[4]->size(); ++k) steps.push_back(in[4]->at_i(k));
    }
  } else {
    auto s = node.attr_ints("starts");
    auto e = node.attr_ints("ends");
    if (!s || !e) return std::nullopt;
    starts = *s;
    ends = *e;
    axes = node.attr_ints("axes").value_or(Dims{});
  }
  auto bounds = slice_extent(data.dims, starts, ends, axes, steps);
  if (!bounds) return std::nullopt;
  const Dims& begin = bounds->begin;
  const Dims& step = bounds->step;
  const Dims& extent = bounds->extent;
  if (count(extent) != count(out_dims)) return std::nullopt;
  Value out = make(data.elem, out_dims);
  const auto in_strides = strides_of(data.dims);
  const auto ext_strides = strides_of(extent);
  for (std::size_t k = 0; k < out.size(); ++k) {
    std::size_t src = 0;
    for (std::int64_t d = 0; d < rank; ++d) {
      const auto coord =
          static_cast<std::int64_t>((k / ext_strides[d]) % static_cast<std::size_t>(extent[d]));
      src += static_cast<std::size_t>(begin[d] + coord * step[d]) * in_strides[d];
    }
    set(out, k, data.at_f(src), data.at_i(src));
  }
  return out;
}

std::optional<Value> concat(const std::vector<const Value*>& in, std::int64_t axis,
                            const std::vector<std::int64_t>& out_dims) {
  const auto rank = static_cast<std::int64_t>(out_dims.size());
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return std::nullopt;
  std::size_t outer = 1;
  for (std::int64_t d = 0; d < axis; ++d) outer *= static_cast<std::size_t>(out_dims[d]);
  Value out = make(in[0]->elem, out_dims);
  std::size_t k = 0;
  for (std::size_t o = 0; o < outer; ++o) {
    for (const Value* v : in) {
      if (v->dims.size() != out_dims.size()) return std::nullopt;
      std::size_t chunk = 1;
      for (std::int64_t d = axis; d < rank; ++d) chunk *= static_cast<std::size_t>(v->dims[d]);
      for (std::size_t j = 0; j < chunk; ++j, ++k) {
        if (k >= out.size()) return std::nullopt;
        set(out, k, v->at_f(o * chunk + j), v->at_i(o * chunk + j));
      }
    }
  }
  if (k != out.size()) return std::nullopt;
  return out;
}

std::optional<Value> transpose(const Node& node, const Value& data,
                               const std::vector<std::int64_t>& out_dims) {
  const std::size_t rank = data.dims.size();
  std::vector<std::size_t> perm(rank);
  if (auto p = node.attr_ints("perm"); p && !p->empty()) {
    if (p->size() != rank) return std::nullopt;
    for (std::size_t d = 0; d < rank; ++d) perm[d] = static_cast<std::size_t>((*p)[d]);
  } else {
    for (std::size_t d = 0; d < rank; ++d) perm[d] = rank - 1 - d;
  }
  if (out_dims.size() != rank) return std::nullopt;
  Value out = make(data.elem, out_dims);
  const auto in_strides = strides_of(data.dims);
  const auto out_strides = strides_of(out_dims);
  for (std::size_t k = 0; k < out.size(); ++k) {
    std::size_t src = 0;
    for (std::size_t d = 0; d < rank; ++d) {
      if (perm[d] >= rank) return std::nullopt;
      src += ((k / out_strides[d]) % static_cast<std::size_t>(out_dims[d])) * in_strides[perm[d]];
    }
    set(out, k, data.at_f(src), data.at_i(src));
  }
  return out;
}

std::optional<Value> fold(const Node& node, const std::vector<const Value*>& in,
                          const std::vector<std::int64_t>& out_dims, std::int32_t out_elem) {
  const std::string& op = node.op_type;
  auto all = [&](std::size_t n) {
    if (in.size() < n) return false;
    for (std::size_t k = 0; k < n; ++k) {
      if (in[k] == nullptr) return false;
    }
    return true;
  };
  if (op == "Identity" || op == "Reshape" || op == "Unsqueeze" || op == "Squeeze" ||
      op == "Flatten") {
    if (!all(1) || count(out_dims) != in[0]->size()) return std::nullopt;
    Value v = *in[0];
    v.dims = out_dims;
    return v;
  }
  if (op == "Cast") {
    if (!all(1)) return std::nullopt;
    Value v = make(out_elem, out_dims);
    if (v.size() != in[0]->size()) return std::nullopt;
    // A float that no int64 holds (NaN, 1e30) casts to an undefined value in ONNX: the result is
    // left unknown rather than folded to a made-up shape.
    if (in[0]->fp && !v.fp && !fits_int64(in[0]->f)) return std::nullopt;
    for (std::size_t k = 0; k < v.size(); ++k) {
      set(v, k, in[0]->at_f(k), out_elem == elem::boolean ? (in[0]->at_f(k) != 0) : in[0]->at_i(k));
    }
    return v;
  }
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Mod" || op == "Max" ||
      op == "Min") {
    if (!all(2) || in.size() != 2) return std::nullopt;
    return arithmetic(op, *in[0], *in[1], out_dims);
  }
  if (op == "Equal" || op == "Less" || op == "Greater" || op == "And" || op == "Or") {
    if (!all(2)) return std::nullopt;
    return compare(op, *in[0], *in[1], out_dims);
  }
  if (op == "Neg" || op == "Abs" || op == "Not" || op == "Floor" || op == "Ceil" || op == "Sqrt") {
    if (!all(1)) return std::nullopt;
    Value v = make(out_elem, out_dims);
    if (v.size() != in[0]->size()) return std::nullopt;
    // A float that no int64 holds (NaN, 1e30) casts to an undefined value in ONNX: the result is
    // left unknown rather than folded to a made-up shape.
    if (in[0]->fp && !v.fp && !fits_int64(in[0]->f)) return std::nullopt;
    for (std::size_t k = 0; k < v.size(); ++k) {
      const double x = in[0]->at_f(k);
      const std::int64_t xi = in[0]->at_i(k);
      if (op == "Neg") set(v, k, -x, -xi);
      if (op == "Abs") set(v, k, std::fabs(x), std::abs(xi));
      if (op == "Not") set(v, k, x == 0, xi == 0);
      if (op == "Floor") set(v, k, std::floor(x), xi);
      if (op == "Ceil") set(v, k, std::ceil(x), xi);
      if (op == "Sqrt") set(v, k, std::sqrt(x), saturating_int(std::sqrt(x)));
    }
    return v;
  }
  if (op == "Where") {
    if (!all(3)) return std::nullopt;
    const Value &c = *in[0], &x = *in[1], &y = *in[2];
    return elementwise({&c, &x, &y}, out_elem, out_dims,
                       [&](Value& out, std::size_t k, const auto& idx) {
                         const Value& src = c.at_i(idx[0]) != 0 ? x : y;
                         const std::size_t j = c.at_i(idx[0]) != 0 ? idx[1] : idx[2];
                         set(out, k, src.at_f(j), src.at_i(j));
                       });
  }
  if (op == "Expand") {
    if (!all(1)) return std::nullopt;
    return elementwise({in[0]}, out_elem, out_dims,
                       [&](Value& out, std::size_t k, const auto& idx) {
                         set(out, k, in[0]->at_f(idx[0]), in[0]->at_i(idx[0]));
                       });
  }
  if (op == "Transpose") {
    if (!all(1)) return std::nullopt;
    return transpose(node, *in[0], out_dims);
  }
  if (op == "Gather") {
    if (!all(2)) return std::nullopt;
    return gather(*in[0], *in[1], node.attr_int("axis", 0), out_dims);
  }
  if (op == "Concat") {
    if (!all(in.size()) || in.empty()) return std::nullopt;
    return concat(in, node.attr_int("axis", 0), out_dims);
  }
  if (op == "Slice") {
    if (in.empty() || in[0] == nullptr || (in.size() >= 3 && !all(3))) return std::nullopt;
    return slice(node, in, out_dims);
  }
  if (op == "ConstantOfShape") {
    Value v = make(out_elem, out_dims);
    if (const Attribute* a = node.attr("value"); a != nullptr && a->t) {
      if (const auto& fill = a->t->value; fill && fill->size() == 1) {
        for (std::size_t k = 0; k < v.size(); ++k) set(v, k, fill->at_f(0), fill->at_i(0));
      }
    }
    return v;
  }
  if (op == "Range") {
    if (!all(3)) return std::nullopt;
    Value v = make(out_elem, out_dims);
    for (std::size_t k = 0; k < v.size(); ++k) {
      const double x = in[0]->at_f(0) + static_cast<double>(k) * in[2]->at_f(0);
      set(v, k, x, in[0]->at_i(0) + static_cast<std::int64_t>(k) * in[2]->at_i(0));
    }
    return v;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Value> constant_value(const Node& node) {
  if (node.attributes.size() != 1) return std::nullopt;
  const Attribute& a = node.attributes[0];
  if (a.t) return a.t->value;
  Value v;
  if (a.name == "value_int") {
    v.i = {a.i};
  } else if (a.name == "value_ints") {
    v.i = a.ints;
    v.dims = {static_cast<std::int64_t>(v.i.size())};
  } else if (a.name == "value_float") {
    v = make(elem::float32, {});
    v.f = {a.f};
  } else if (a.name == "value_floats") {
    v = make(elem::float32, {static_cast<std::int64_t>(a.floats.size())});
    v.f.assign(a.floats.begin(), a.floats.end());
  } else {
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<Value>> fold_node(const Node& node, const std::vector<const Value*>& in,
                                            const std::vector<const TensorType*>& input_types,
                                            const std::vector<TensorType>& output_types) {
  if (auto more = fold_more(node, in, output_types)) return more;
  if (node.outputs.size() != 1 || output_types.empty() || !output_types[0].dims) {
    return std::nullopt;
  }
  const Dims& out_dims = *output_types[0].dims;
  if (count(out_dims) > kMaxFoldedElements) return std::nullopt;
  const std::int32_t out_elem = output_types[0].elem;
  if (!has_value_type(out_elem)) return std::nullopt;

  if (node.op_type == "Constant") {
    auto v = constant_value(node);
    if (!v) return std::nullopt;
    return std::vector<Value>{std::move(*v)};
  }
  if (node.op_type == "Shape" || node.op_type == "Size") {
    const TensorType* type = input_types.empty() ? nullptr : input_types[0];
    if (type == nullptr || !type->dims) return std::nullopt;
    const Dims& dims = *type->dims;
    Value v = make(elem::int64, out_dims);
    if (node.op_type == "Size") {
      if (v.size() != 1) return std::nullopt;
      v.i[0] = static_cast<std::int64_t>(count(dims));
    } else {
      const auto rank = static_cast<std::int64_t>(dims.size());
      std::int64_t start = node.attr_int("start", 0);
      std::int64_t end = node.attr_int("end", rank);
      if (start < 0) start += rank;
      if (end < 0) end += rank;
      start = std::clamp<std::int64_t>(start, 0, rank);
      end = std::clamp<std::int64_t>(end, start, rank);
      if (v.size() != static_cast<std::size_t>(end - start)) return std::nullopt;
      for (std::int64_t d = start; d < end; ++d) {
        v.i[static_cast<std::size_t>(d - start)] = dims[static_cast<std::size_t>(d)];
      }
    }
    return std::vector<Value>{std::move(v)};
  }
  auto v = fold(node, in, out_dims, out_elem);
  if (!v || v->size() != count(out_dims)) return std::nullopt;
  v->elem = out_elem;
  return std::vector<Value>{std::move(*v)};
}

}  // namespace graphstat::frontends::onnxfe
