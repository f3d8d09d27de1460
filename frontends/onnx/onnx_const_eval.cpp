#include "onnx_const_eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>
#include <string>

namespace graphstat::frontends::onnxfe {
namespace {

using ::onnx::TensorProto;

// A small dense tensor: integers exactly (Slice ends are INT64_MAX), floats as double.
struct Value {
  std::int32_t elem = TensorProto::INT64;
  std::vector<std::int64_t> dims;
  bool fp = false;
  std::vector<std::int64_t> i;
  std::vector<double> f;

  std::size_t size() const { return fp ? f.size() : i.size(); }
  double at_f(std::size_t k) const { return fp ? f[k] : static_cast<double>(i[k]); }
  std::int64_t at_i(std::size_t k) const { return fp ? static_cast<std::int64_t>(f[k]) : i[k]; }
};

std::size_t count(const std::vector<std::int64_t>& dims) {
  std::size_t n = 1;
  for (auto d : dims) n *= static_cast<std::size_t>(std::max<std::int64_t>(d, 0));
  return n;
}

bool is_float_type(std::int32_t t) { return t == TensorProto::FLOAT || t == TensorProto::DOUBLE; }
bool is_int_type(std::int32_t t) {
  return t == TensorProto::INT64 || t == TensorProto::INT32 || t == TensorProto::BOOL ||
         t == TensorProto::INT8 || t == TensorProto::UINT8 || t == TensorProto::INT16;
}

template <typename T>
void read_raw(const std::string& raw, std::vector<T>& out) {
  out.resize(raw.size() / sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), raw.data(), out.size() * sizeof(T));
}

std::optional<Value> to_value(const TensorProto& t) {
  Value v;
  v.elem = t.data_type();
  v.dims.assign(t.dims().begin(), t.dims().end());
  const std::size_t n = count(v.dims);
  if (n > kMaxFoldedElements) return std::nullopt;
  const bool raw = t.has_raw_data();
  switch (t.data_type()) {
    case TensorProto::INT64:
      if (raw) {
        read_raw(t.raw_data(), v.i);
      } else {
        v.i.assign(t.int64_data().begin(), t.int64_data().end());
      }
      break;
    case TensorProto::INT32:
    case TensorProto::INT16:
    case TensorProto::INT8:
    case TensorProto::UINT8:
    case TensorProto::BOOL:
      if (raw) {
        if (t.data_type() == TensorProto::INT32) {
          std::vector<std::int32_t> tmp;
          read_raw(t.raw_data(), tmp);
          v.i.assign(tmp.begin(), tmp.end());
        } else if (t.data_type() == TensorProto::INT16) {
          std::vector<std::int16_t> tmp;
          read_raw(t.raw_data(), tmp);
          v.i.assign(tmp.begin(), tmp.end());
        } else if (t.data_type() == TensorProto::INT8) {
          std::vector<std::int8_t> tmp;
          read_raw(t.raw_data(), tmp);
          v.i.assign(tmp.begin(), tmp.end());
        } else {
          std::vector<std::uint8_t> tmp;
          read_raw(t.raw_data(), tmp);
          v.i.assign(tmp.begin(), tmp.end());
        }
      } else {
        v.i.assign(t.int32_data().begin(), t.int32_data().end());
      }
      break;
    case TensorProto::FLOAT:
      v.fp = true;
      if (raw) {
        std::vector<float> tmp;
        read_raw(t.raw_data(), tmp);
        v.f.assign(tmp.begin(), tmp.end());
      } else {
        v.f.assign(t.float_data().begin(), t.float_data().end());
      }
      break;
    case TensorProto::DOUBLE:
      v.fp = true;
      if (raw) {
        read_raw(t.raw_data(), v.f);
      } else {
        v.f.assign(t.double_data().begin(), t.double_data().end());
      }
      break;
    default:
      return std::nullopt;
  }
  // No data (a stripped weight) or a malformed payload: unknown, never guessed.
  if (v.size() != n) return std::nullopt;
  return v;
}

TensorProto to_proto(const Value& v) {
  TensorProto t;
  t.set_data_type(v.elem);
  for (auto d : v.dims) t.add_dims(d);
  switch (v.elem) {
    case TensorProto::INT64:
      for (std::size_t k = 0; k < v.size(); ++k) t.add_int64_data(v.at_i(k));
      break;
    case TensorProto::FLOAT:
      for (std::size_t k = 0; k < v.size(); ++k) t.add_float_data(static_cast<float>(v.at_f(k)));
      break;
    case TensorProto::DOUBLE:
      for (std::size_t k = 0; k < v.size(); ++k) t.add_double_data(v.at_f(k));
      break;
    default:
      for (std::size_t k = 0; k < v.size(); ++k) {
        t.add_int32_data(static_cast<std::int32_t>(v.at_i(k)));
      }
  }
  return t;
}

Value make(std::int32_t elem, std::vector<std::int64_t> dims) {
  Value v;
  v.elem = elem;
  v.dims = std::move(dims);
  v.fp = is_float_type(elem);
  if (v.fp) {
    v.f.resize(count(v.dims));
  } else {
    v.i.resize(count(v.dims));
  }
  return v;
}

void set(Value& v, std::size_t k, double f, std::int64_t i) {
  if (v.fp) {
    v.f[k] = f;
  } else {
    v.i[k] = i;
  }
}

std::optional<std::vector<std::int64_t>> dims_of(const ::onnx::TypeProto* type) {
  if (type == nullptr || !type->has_tensor_type() || !type->tensor_type().has_shape()) {
    return std::nullopt;
  }
  std::vector<std::int64_t> dims;
  for (const auto& d : type->tensor_type().shape().dim()) {
    if (!d.has_dim_value()) return std::nullopt;
    dims.push_back(d.dim_value());
  }
  return dims;
}

const ::onnx::AttributeProto* attr(const ::onnx::NodeProto& node, std::string_view name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

std::int64_t attr_int(const ::onnx::NodeProto& node, std::string_view name, std::int64_t fallback) {
  const auto* a = attr(node, name);
  return a != nullptr ? a->i() : fallback;
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
      set(out, k, r, static_cast<std::int64_t>(r));
    } else {
      const std::int64_t x = a.at_i(idx[0]);
      const std::int64_t y = b.at_i(idx[1]);
      std::int64_t r = 0;
      if (op == "Add") r = x + y;
      if (op == "Sub") r = x - y;
      if (op == "Mul") r = x * y;
      if (op == "Div") r = y != 0 ? x / y : 0;  // ONNX integer Div truncates.
      if (op == "Mod") r = y != 0 ? x - floor_div(x, y) * y : 0;
      if (op == "Max") r = std::max(x, y);
      if (op == "Min") r = std::min(x, y);
      set(out, k, static_cast<double>(r), r);
    }
  });
}

std::optional<Value> compare(const std::string& op, const Value& a, const Value& b,
                             const std::vector<std::int64_t>& out_dims) {
  return elementwise({&a, &b}, TensorProto::BOOL, out_dims,
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

std::optional<Value> slice(const ::onnx::NodeProto& node, const std::vector<const Value*>& in,
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
    const auto* s = attr(node, "starts");
    const auto* e = attr(node, "ends");
    if (s == nullptr || e == nullptr) return std::nullopt;
    starts.assign(s->ints().begin(), s->ints().end());
    ends.assign(e->ints().begin(), e->ints().end());
    if (const auto* a = attr(node, "axes")) axes.assign(a->ints().begin(), a->ints().end());
  }
  if (axes.empty()) {
    for (std::size_t k = 0; k < starts.size(); ++k) axes.push_back(static_cast<std::int64_t>(k));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    return std::nullopt;
  }
  std::vector<std::int64_t> begin(rank, 0), step(rank, 1), extent = data.dims;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    std::int64_t axis = axes[k] < 0 ? axes[k] + rank : axes[k];
    if (axis < 0 || axis >= rank || steps[k] == 0) return std::nullopt;
    const std::int64_t dim = data.dims[axis];
    auto clampi = [&](std::int64_t v, std::int64_t lo, std::int64_t hi) {
      if (v < 0) v += dim;
      return std::clamp(v, lo, hi);
    };
    if (steps[k] > 0) {
      const std::int64_t b = clampi(starts[k], 0, dim);
      const std::int64_t e = clampi(ends[k], 0, dim);
      extent[axis] = std::max<std::int64_t>(0, (e - b + steps[k] - 1) / steps[k]);
      begin[axis] = b;
    } else {
      const std::int64_t b = clampi(starts[k], 0, dim - 1);
      const std::int64_t e = clampi(ends[k], -1, dim - 1);
      extent[axis] = std::max<std::int64_t>(0, (b - e - steps[k] - 1) / -steps[k]);
      begin[axis] = b;
    }
    step[axis] = steps[k];
  }
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

std::optional<Value> transpose(const ::onnx::NodeProto& node, const Value& data,
                               const std::vector<std::int64_t>& out_dims) {
  const std::size_t rank = data.dims.size();
  std::vector<std::size_t> perm(rank);
  if (const auto* p = attr(node, "perm"); p != nullptr && p->ints_size() > 0) {
    if (static_cast<std::size_t>(p->ints_size()) != rank) return std::nullopt;
    for (std::size_t d = 0; d < rank; ++d)
      perm[d] = static_cast<std::size_t>(p->ints(static_cast<int>(d)));
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

std::optional<Value> fold(const ::onnx::NodeProto& node, const std::vector<const Value*>& in,
                          const std::vector<std::int64_t>& out_dims, std::int32_t out_elem) {
  const std::string& op = node.op_type();
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
    for (std::size_t k = 0; k < v.size(); ++k) {
      set(v, k, in[0]->at_f(k),
          out_elem == TensorProto::BOOL ? (in[0]->at_f(k) != 0) : in[0]->at_i(k));
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
    for (std::size_t k = 0; k < v.size(); ++k) {
      const double x = in[0]->at_f(k);
      const std::int64_t xi = in[0]->at_i(k);
      if (op == "Neg") set(v, k, -x, -xi);
      if (op == "Abs") set(v, k, std::fabs(x), std::abs(xi));
      if (op == "Not") set(v, k, x == 0, xi == 0);
      if (op == "Floor") set(v, k, std::floor(x), xi);
      if (op == "Ceil") set(v, k, std::ceil(x), xi);
      if (op == "Sqrt") set(v, k, std::sqrt(x), static_cast<std::int64_t>(std::sqrt(x)));
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
    return gather(*in[0], *in[1], attr_int(node, "axis", 0), out_dims);
  }
  if (op == "Concat") {
    if (!all(in.size()) || in.empty()) return std::nullopt;
    return concat(in, attr_int(node, "axis", 0), out_dims);
  }
  if (op == "Slice") {
    if (in.empty() || in[0] == nullptr || (in.size() >= 3 && !all(3))) return std::nullopt;
    return slice(node, in, out_dims);
  }
  if (op == "ConstantOfShape") {
    Value v = make(out_elem, out_dims);
    if (const auto* a = attr(node, "value"); a != nullptr && a->has_t()) {
      if (auto fill = to_value(a->t()); fill && fill->size() == 1) {
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

std::optional<TensorProto> normalized_constant(const TensorProto& tensor) {
  auto v = to_value(tensor);
  if (!v) return std::nullopt;
  return to_proto(*v);
}

std::optional<std::vector<TensorProto>> fold_node(
    const ::onnx::NodeProto& node, const std::vector<const TensorProto*>& inputs,
    const std::vector<const ::onnx::TypeProto*>& input_types,
    const std::vector<const ::onnx::TypeProto*>& output_types) {
  if (node.output_size() != 1 || output_types.empty()) return std::nullopt;
  const auto out_dims = dims_of(output_types[0]);
  if (!out_dims || count(*out_dims) > kMaxFoldedElements) return std::nullopt;
  const std::int32_t out_elem = output_types[0]->tensor_type().elem_type();
  if (!is_int_type(out_elem) && !is_float_type(out_elem)) return std::nullopt;

  if (node.op_type() == "Constant") {
    const auto* a = node.attribute_size() == 1 ? &node.attribute(0) : nullptr;
    if (a == nullptr) return std::nullopt;
    Value v;
    if (a->has_t()) {
      auto t = to_value(a->t());
      if (!t) return std::nullopt;
      v = *t;
    } else if (a->name() == "value_int") {
      v.i = {a->i()};
    } else if (a->name() == "value_ints") {
      v.i.assign(a->ints().begin(), a->ints().end());
      v.dims = {static_cast<std::int64_t>(v.i.size())};
    } else if (a->name() == "value_float") {
      v = make(TensorProto::FLOAT, {});
      v.f = {a->f()};
    } else if (a->name() == "value_floats") {
      v = make(TensorProto::FLOAT, {a->floats_size()});
      v.f.assign(a->floats().begin(), a->floats().end());
    } else {
      return std::nullopt;
    }
    return std::vector<TensorProto>{to_proto(v)};
  }
  if (node.op_type() == "Shape" || node.op_type() == "Size") {
    const auto dims = input_types.empty() ? std::nullopt : dims_of(input_types[0]);
    if (!dims) return std::nullopt;
    Value v = make(TensorProto::INT64, *out_dims);
    if (node.op_type() == "Size") {
      if (v.size() != 1) return std::nullopt;
      v.i[0] = static_cast<std::int64_t>(count(*dims));
    } else {
      const auto rank = static_cast<std::int64_t>(dims->size());
      std::int64_t start = attr_int(node, "start", 0);
      std::int64_t end = attr_int(node, "end", rank);
      if (start < 0) start += rank;
      if (end < 0) end += rank;
      start = std::clamp<std::int64_t>(start, 0, rank);
      end = std::clamp<std::int64_t>(end, start, rank);
      if (v.size() != static_cast<std::size_t>(end - start)) return std::nullopt;
      for (std::int64_t d = start; d < end; ++d)
        v.i[static_cast<std::size_t>(d - start)] = (*dims)[d];
    }
    return std::vector<TensorProto>{to_proto(v)};
  }

  std::vector<std::optional<Value>> values(inputs.size());
  std::vector<const Value*> in(inputs.size(), nullptr);
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    if (inputs[k] == nullptr) continue;
    values[k] = to_value(*inputs[k]);
    if (values[k]) in[k] = &*values[k];
  }
  auto v = fold(node, in, *out_dims, out_elem);
  if (!v || v->size() != count(*out_dims)) return std::nullopt;
  v->elem = out_elem;
  return std::vector<TensorProto>{to_proto(*v)};
}

}  // namespace graphstat::frontends::onnxfe
