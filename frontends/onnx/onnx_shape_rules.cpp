#include "onnx_shape_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "onnx_shape_context.hpp"

namespace graphstat::frontends::onnxfe {

namespace shape_rules {

void fail(const std::string& message) { throw ShapeError(message); }

std::int64_t dim_mul(std::int64_t a, std::int64_t b, std::string_view what) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) fail(fmt::format("{} overflows int64", what));
  return r;
}

std::int64_t dim_add(std::int64_t a, std::int64_t b, std::string_view what) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) fail(fmt::format("{} overflows int64", what));
  return r;
}

std::int64_t axis_in(std::int64_t axis, std::size_t rank) {
  const auto r = static_cast<std::int64_t>(rank);
  if (axis < -r || axis >= r) fail(fmt::format("axis {} is out of range for rank {}", axis, rank));
  return axis < 0 ? axis + r : axis;
}

std::string text(const Dims& d) { return fmt::format("({})", fmt::join(d, ", ")); }

Dims broadcast(const Dims& a, const Dims& b) {
  Dims out(std::max(a.size(), b.size()));
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::int64_t x = k < out.size() - a.size() ? 1 : a[k - (out.size() - a.size())];
    const std::int64_t y = k < out.size() - b.size() ? 1 : b[k - (out.size() - b.size())];
    if (x != y && x != 1 && y != 1) {
      fail(fmt::format("shapes {} and {} do not broadcast", text(a), text(b)));
    }
    out[k] = x == 1 ? y : x;
  }
  return out;
}

}  // namespace shape_rules

namespace {
using namespace shape_rules;

// Element-wise over every input, numpy broadcasting.
void broadcast_all(Ctx& c, std::int32_t out_elem, std::size_t first = 0) {
  Dims out;
  for (std::size_t k = first; k < c.node.inputs.size(); ++k) {
    const Dims* d = c.dims(k);
    if (d == nullptr) {
      c.set(0, out_elem, std::nullopt);
      return;
    }
    out = broadcast(out, *d);
  }
  c.set(0, out_elem, out);
}

// The axes of a Reduce/Squeeze/Unsqueeze: an attribute before opset 13 (18 for most reductions),
// an input after; nothing when neither is given.
std::optional<Dims> axes_of(const Ctx& c, std::size_t input, bool& known) {
  known = true;
  if (auto a = c.node.attr_ints("axes")) return a;
  if (c.has(input)) {
    auto v = c.ints(input);
    if (!v) known = false;
    return v;
  }
  return std::nullopt;
}

void reduce(Ctx& c, bool axes_from_attr_only, std::int32_t out_elem) {
  const Dims* in = c.dims(0);
  bool known = true;
  std::optional<Dims> axes;
  if (c.node.op_type == "ArgMax" || c.node.op_type == "ArgMin") {  // One axis, 0 by default.
    axes = Dims{c.node.attr_int("axis", 0)};
  } else {
    axes = axes_from_attr_only ? c.node.attr_ints("axes") : axes_of(c, 1, known);
  }
  if (in == nullptr || !known) return c.set(0, out_elem, std::nullopt);
  const bool keep = c.node.attr_int("keepdims", 1) != 0;
  if (!axes || axes->empty()) {
    if (c.node.attr_int("noop_with_empty_axes", 0) != 0) return c.set(0, out_elem, *in);
    axes = Dims(in->size());
    std::iota(axes->begin(), axes->end(), 0);
  }
  std::unordered_set<std::int64_t> reduced;
  for (auto a : *axes) reduced.insert(axis_in(a, in->size()));
  Dims out;
  for (std::size_t d = 0; d < in->size(); ++d) {
    if (!reduced.contains(static_cast<std::int64_t>(d))) {
      out.push_back((*in)[d]);
    } else if (keep) {
      out.push_back(1);
    }
  }
  c.set(0, out_elem, out);
}

void reshape(Ctx& c) {
  const Dims* in = c.dims(0);
  std::optional<Dims> target = c.has(1) ? c.ints(1) : c.node.attr_ints("shape");
  if (in == nullptr || !target) return c.set(0, c.elem(0), std::nullopt);
  const bool allow_zero = c.node.attr_int("allowzero", 0) != 0;
  Dims out = *target;
  std::int64_t known = 1;
  int infer = -1;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k] == 0 && !allow_zero) {
      if (k >= in->size()) fail("a 0 in the target shape has no input dimension to copy");
      out[k] = (*in)[k];
    }
    if (out[k] == -1) {
      if (infer >= 0) fail("the target shape has two -1 dimensions");
      infer = static_cast<int>(k);
    } else if (out[k] < 0) {
      fail(fmt::format("the target shape {} has a negative dimension", text(*target)));
    } else if (__builtin_mul_overflow(known, out[k], &known)) {
      fail(fmt::format("the target shape {} has more elements than 64 bits count", text(*target)));
    }
  }
  const auto total = static_cast<std::int64_t>(element_count(*in));
  if (infer >= 0) {
    if (known == 0 || total % known != 0) {
      fail(fmt::format("cannot reshape {} into {}", text(*in), text(*target)));
    }
    out[static_cast<std::size_t>(infer)] = total / known;
  } else if (known != total) {
    fail(fmt::format("cannot reshape {} ({} elements) into {}", text(*in), total, text(out)));
  }
  c.set(0, c.elem(0), out);
}

void flatten(Ctx& c) {
  const Dims* in = c.dims(0);
  if (in == nullptr) return c.set(0, c.elem(0), std::nullopt);
  std::int64_t axis = c.node.attr_int("axis", 1);
  if (axis < 0) axis += static_cast<std::int64_t>(in->size());
  if (axis < 0 || axis > static_cast<std::int64_t>(in->size())) fail("axis is out of range");
  const Dims head(in->begin(), in->begin() + axis);
  const Dims tail(in->begin() + axis, in->end());
  c.set(0, c.elem(0),
        Dims{static_cast<std::int64_t>(element_count(head)),
             static_cast<std::int64_t>(element_count(tail))});
}

void transpose(Ctx& c) {
  const Dims* in = c.dims(0);
  if (in == nullptr) return c.set(0, c.elem(0), std::nullopt);
  Dims perm = c.node.attr_ints("perm").value_or(Dims{});
  if (perm.empty()) {
    for (std::size_t d = in->size(); d-- > 0;) perm.push_back(static_cast<std::int64_t>(d));
  }
  if (perm.size() != in->size()) fail("perm does not match the input's rank");
  Dims out;
  for (auto p : perm) out.push_back((*in)[static_cast<std::size_t>(axis_in(p, in->size()))]);
  c.set(0, c.elem(0), out);
}

void concat(Ctx& c) {
  std::optional<Dims> out;
  std::int32_t e = elem::undefined;
  for (std::size_t k = 0; k < c.node.inputs.size(); ++k) {
    const Dims* d = c.dims(k);
    if (d == nullptr) return c.set(0, c.elem(0), std::nullopt);
    e = c.elem(k);
    if (!out) {
      out = *d;
      continue;
    }
    const std::int64_t axis = axis_in(c.node.attr_int("axis", 0), out->size());
    if (d->size() != out->size()) fail("concatenated tensors differ in rank");
    for (std::size_t a = 0; a < d->size(); ++a) {
      if (static_cast<std::int64_t>(a) == axis) {
        (*out)[a] += (*d)[a];
      } else if ((*out)[a] != (*d)[a]) {
        fail(fmt::format("concatenated shapes {} and {} differ off axis {}", text(*out), text(*d),
                         axis));
      }
    }
  }
  if (out) axis_in(c.node.attr_int("axis", 0), out->size());
  c.set(0, e, out);
}

void split(Ctx& c) {
  const Dims* in = c.dims(0);
  const std::size_t n = c.node.outputs.size();
  if (n == 0) fail("Split has no outputs");
  if (in == nullptr) return;
  const std::int64_t axis = axis_in(c.node.attr_int("axis", 0), in->size());
  const std::int64_t total = (*in)[static_cast<std::size_t>(axis)];
  std::optional<Dims> sizes = c.has(1) ? c.ints(1) : c.node.attr_ints("split");
  if (c.has(1) && !sizes) return;
  if (!sizes) {
    // Equal parts; with opset 18's num_outputs the last part may be smaller.
    const auto parts = static_cast<std::int64_t>(n);
    const std::int64_t each = (total + parts - 1) / parts;
    sizes = Dims(n, each);
    sizes->back() = total - each * (parts - 1);
  }
  if (sizes->size() != n) fail("split sizes do not match the number of outputs");
  if (std::accumulate(sizes->begin(), sizes->end(), std::int64_t{0}) != total) {
    fail(fmt::format("split sizes {} do not add up to {}", text(*sizes), total));
  }
  for (std::size_t k = 0; k < n; ++k) {
    Dims d = *in;
    d[static_cast<std::size_t>(axis)] = (*sizes)[k];
    c.set(k, c.elem(0), d);
  }
}

void slice(Ctx& c) {
  const Dims* in = c.dims(0);
  std::optional<Dims> starts, ends, axes, steps;
  if (c.opset < 10) {
    starts = c.node.attr_ints("starts");
    ends = c.node.attr_ints("ends");
    axes = c.node.attr_ints("axes");
  } else {
    starts = c.ints(1);
    ends = c.ints(2);
    if (c.has(3) && !(axes = c.ints(3))) return c.set(0, c.elem(0), std::nullopt);
    if (c.has(4) && !(steps = c.ints(4))) return c.set(0, c.elem(0), std::nullopt);
  }
  if (in == nullptr || !starts || !ends) return c.set(0, c.elem(0), std::nullopt);
  auto extent = slice_extent(*in, *starts, *ends, axes.value_or(Dims{}), steps.value_or(Dims{}));
  if (!extent) fail("inconsistent Slice bounds");
  c.set(0, c.elem(0), extent->extent);
}

void gather(Ctx& c) {
  const Dims* data = c.dims(0);
  const Dims* indices = c.dims(1);
  if (data == nullptr || indices == nullptr) return c.set(0, c.elem(0), std::nullopt);
  const std::int64_t axis = axis_in(c.node.attr_int("axis", 0), data->size());
  Dims out(data->begin(), data->begin() + axis);
  out.insert(out.end(), indices->begin(), indices->end());
  out.insert(out.end(), data->begin() + axis + 1, data->end());
  c.set(0, c.elem(0), out);
}

void gather_nd(Ctx& c) {
  const Dims* data = c.dims(0);
  const Dims* indices = c.dims(1);
  if (data == nullptr || indices == nullptr || indices->empty()) {
    return c.set(0, c.elem(0), std::nullopt);
  }
  const auto batch = static_cast<std::size_t>(c.node.attr_int("batch_dims", 0));
  const auto last = static_cast<std::size_t>(indices->back());
  if (batch + last > data->size()) fail("GatherND indices reach past the data's rank");
  Dims out(indices->begin(), indices->end() - 1);
  out.insert(out.end(), data->begin() + static_cast<std::ptrdiff_t>(batch + last), data->end());
  c.set(0, c.elem(0), out);
}

void pad(Ctx& c) {
  const Dims* in = c.dims(0);
  std::optional<Dims> pads = c.has(1) ? c.ints(1) : c.node.attr_ints("pads");
  if (in == nullptr || !pads) return c.set(0, c.elem(0), std::nullopt);
  Dims axes;
  if (c.has(3)) {
    auto a = c.ints(3);
    if (!a) return c.set(0, c.elem(0), std::nullopt);
    for (auto x : *a) axes.push_back(axis_in(x, in->size()));
  } else {
    for (std::size_t d = 0; d < in->size(); ++d) axes.push_back(static_cast<std::int64_t>(d));
  }
  if (pads->size() != 2 * axes.size()) fail("pads do not match the padded axes");
  Dims out = *in;
  for (std::size_t k = 0; k < axes.size(); ++k) {
    out[static_cast<std::size_t>(axes[k])] += (*pads)[k] + (*pads)[k + axes.size()];
  }
  c.set(0, c.elem(0), out);
}

void unsqueeze(Ctx& c) {
  const Dims* in = c.dims(0);
  bool known = true;
  auto axes = axes_of(c, 1, known);
  if (in == nullptr || !known || !axes) return c.set(0, c.elem(0), std::nullopt);
  const std::size_t rank = in->size() + axes->size();
  std::vector<bool> inserted(rank, false);
  for (auto a : *axes) inserted[static_cast<std::size_t>(axis_in(a, rank))] = true;
  Dims out;
  std::size_t next = 0;
  for (std::size_t d = 0; d < rank; ++d) {
    if (inserted[d]) {
      out.push_back(1);
    } else {
      if (next >= in->size()) fail("repeated Unsqueeze axes");
      out.push_back((*in)[next++]);
    }
  }
  c.set(0, c.elem(0), out);
}

void squeeze(Ctx& c) {
  const Dims* in = c.dims(0);
  bool known = true;
  auto axes = axes_of(c, 1, known);
  if (in == nullptr || !known) return c.set(0, c.elem(0), std::nullopt);
  std::unordered_set<std::int64_t> removed;
  if (axes) {
    for (auto a : *axes) {
      const std::int64_t axis = axis_in(a, in->size());
      if ((*in)[static_cast<std::size_t>(axis)] != 1) {
        fail(fmt::format("cannot squeeze axis {} of size {}", a, (*in)[axis]));
      }
      removed.insert(axis);
    }
  }
  Dims out;
  for (std::size_t d = 0; d < in->size(); ++d) {
    const bool squeeze_it = axes ? removed.contains(static_cast<std::int64_t>(d)) : (*in)[d] == 1;
    if (!squeeze_it) out.push_back((*in)[d]);
  }
  c.set(0, c.elem(0), out);
}

void expand(Ctx& c) {
  const Dims* in = c.dims(0);
  auto shape = c.ints(1);
  if (in == nullptr || !shape) return c.set(0, c.elem(0), std::nullopt);
  c.set(0, c.elem(0), broadcast(*in, *shape));
}

void tile(Ctx& c) {
  const Dims* in = c.dims(0);
  auto repeats = c.ints(1);
  if (in == nullptr || !repeats) return c.set(0, c.elem(0), std::nullopt);
  if (repeats->size() != in->size()) fail("repeats do not match the input's rank");
  Dims out = *in;
  for (std::size_t d = 0; d < out.size(); ++d) out[d] *= (*repeats)[d];
  c.set(0, c.elem(0), out);
}

void shape_of(Ctx& c) {
  const Dims* in = c.dims(0);
  if (in == nullptr) return c.set(0, elem::int64, std::nullopt);
  const auto rank = static_cast<std::int64_t>(in->size());
  auto clamp = [rank](std::int64_t v) {
    if (v < 0) v += rank;
    return std::clamp<std::int64_t>(v, 0, rank);
  };
  const std::int64_t start = clamp(c.node.attr_int("start", 0));
  const std::int64_t end = clamp(c.node.attr_int("end", rank));
  c.set(0, elem::int64, Dims{std::max<std::int64_t>(end - start, 0)});
}

void constant_of_shape(Ctx& c) {
  std::int32_t e = elem::float32;
  if (const Attribute* a = c.node.attr("value"); a != nullptr && a->t) e = a->t->elem;
  c.set(0, e, c.ints(0));
}

void range(Ctx& c) {
  const Value *start = c.value(0), *limit = c.value(1), *delta = c.value(2);
  if (start == nullptr || limit == nullptr || delta == nullptr || start->size() != 1 ||
      limit->size() != 1 || delta->size() != 1) {
    return c.set(0, c.elem(0), std::nullopt);
  }
  if (delta->at_f(0) == 0) fail("Range with delta 0");
  const double n = std::ceil((limit->at_f(0) - start->at_f(0)) / delta->at_f(0));
  c.set(0, c.elem(0), Dims{std::max<std::int64_t>(static_cast<std::int64_t>(n), 0)});
}

void constant(Ctx& c) {
  for (const auto& a : c.node.attributes) {
    if (a.t) return c.set(0, a.t->elem, a.t->dims);
    if (a.name == "value_int") return c.set(0, elem::int64, Dims{});
    if (a.name == "value_ints") {
      return c.set(0, elem::int64, Dims{static_cast<std::int64_t>(a.ints.size())});
    }
    if (a.name == "value_float") return c.set(0, elem::float32, Dims{});
    if (a.name == "value_floats") {
      return c.set(0, elem::float32, Dims{static_cast<std::int64_t>(a.floats.size())});
    }
    if (a.name == "value_string") return c.set(0, elem::string, Dims{});
    if (a.name == "value_strings") {
      return c.set(0, elem::string, Dims{static_cast<std::int64_t>(a.strings.size())});
    }
  }
  fail("a Constant without a value");
}

// Resize (opsets 10+: roi, scales, sizes as inputs) and Upsample (scales input, or attribute
// before opset 9). Output dims are floor(in * scale), or the sizes given.
void resize(Ctx& c) {
  const Dims* in = c.dims(0);
  if (in == nullptr) return c.set(0, c.elem(0), std::nullopt);
  const bool is_resize = c.node.op_type == "Resize";
  const std::size_t scales_at = is_resize && c.opset >= 11 ? 2 : 1;
  const std::size_t sizes_at = 3;
  Dims axes;
  if (auto a = c.node.attr_ints("axes")) {
    for (auto x : *a) axes.push_back(axis_in(x, in->size()));
  } else {
    for (std::size_t d = 0; d < in->size(); ++d) axes.push_back(static_cast<std::int64_t>(d));
  }
  Dims out = *in;
  if (is_resize && c.has(sizes_at) && c.dims(sizes_at) != nullptr &&
      element_count(*c.dims(sizes_at)) > 0) {
    auto sizes = c.ints(sizes_at);
    if (!sizes) return c.set(0, c.elem(0), std::nullopt);
    if (sizes->size() != axes.size()) fail("Resize sizes do not match the resized axes");
    for (std::size_t k = 0; k < axes.size(); ++k)
      out[static_cast<std::size_t>(axes[k])] = (*sizes)[k];
    return c.set(0, c.elem(0), out);
  }
  std::optional<std::vector<double>> scales;
  if (const Attribute* a = c.node.attr("scales"); a != nullptr && !is_resize) {
    scales = std::vector<double>(a->floats.begin(), a->floats.end());
  } else if (const Value* v = c.value(scales_at)) {
    scales = v->doubles();
  }
  if (!scales) return c.set(0, c.elem(0), std::nullopt);
  if (scales->size() != axes.size()) fail("Resize scales do not match the resized axes");
  for (std::size_t k = 0; k < axes.size(); ++k) {
    auto& d = out[static_cast<std::size_t>(axes[k])];
    // float(in) * scale as the reference implementation computes it, then floor.
    d = saturating_int(std::floor(static_cast<double>(d) * (*scales)[k] + 1e-9));
  }
  c.set(0, c.elem(0), out);
}

void one_hot(Ctx& c) {
  const Dims* indices = c.dims(0);
  auto depth = c.ints(1);
  if (indices == nullptr || !depth || depth->size() != 1) return c.set(0, c.elem(2), std::nullopt);
  Dims out = *indices;
  const std::int64_t axis = axis_in(c.node.attr_int("axis", -1), out.size() + 1);
  out.insert(out.begin() + axis, (*depth)[0]);
  c.set(0, c.elem(2), out);
}

void depth_space(Ctx& c, bool to_space) {
  const Dims* in = c.dims(0);
  if (in == nullptr || in->size() != 4) return c.set(0, c.elem(0), std::nullopt);
  const std::int64_t b = c.node.attr_int("blocksize", 1);
  if (b <= 0) fail(fmt::format("blocksize {} is not positive", b));
  const std::int64_t b2 = dim_mul(b, b, "blocksize^2");
  Dims out = *in;
  if (to_space) {
    if (out[1] % b2 != 0) fail("channels are not divisible by blocksize^2");
    out = {out[0], out[1] / b2, dim_mul(out[2], b, "the height"), dim_mul(out[3], b, "the width")};
  } else {
    if (out[2] % b != 0 || out[3] % b != 0) fail("spatial dims are not divisible by blocksize");
    out = {out[0], dim_mul(out[1], b2, "the channel count"), out[2] / b, out[3] / b};
  }
  c.set(0, c.elem(0), out);
}

void batch_norm(Ctx& c) {
  c.same_as_input(0, 0);
  const Dims* in = c.dims(0);
  std::optional<Dims> stats;
  if (in != nullptr && in->size() >= 2) stats = Dims{(*in)[1]};
  for (std::size_t k = 1; k < c.node.outputs.size(); ++k) c.set(k, c.elem(0), stats);
}

void layer_norm(Ctx& c) {
  c.same_as_input(0, 0);
  const Dims* in = c.dims(0);
  if (in == nullptr) return;
  Dims stats = *in;
  const std::int64_t axis = axis_in(c.node.attr_int("axis", -1), in->size());
  for (auto d = static_cast<std::size_t>(axis); d < stats.size(); ++d) stats[d] = 1;
  for (std::size_t k = 1; k < c.node.outputs.size(); ++k) c.set(k, elem::float32, stats);
}

const RuleTable& rules() {
  // An object, not a leaked pointer: the plugin is unloaded before exit, and a heap table whose
  // only root went with it is a leak to LeakSanitizer.
  static const RuleTable table = [] {
    RuleTable table_being_built;
    RuleTable* t = &table_being_built;
    auto same = [](Ctx& c) { c.same_as_input(0, 0); };
    for (const char* op : {"Relu",
                           "LeakyRelu",
                           "Elu",
                           "Selu",
                           "Celu",
                           "Sigmoid",
                           "HardSigmoid",
                           "HardSwish",
                           "Tanh",
                           "Erf",
                           "Gelu",
                           "Softplus",
                           "Softsign",
                           "Mish",
                           "Exp",
                           "Log",
                           "Sqrt",
                           "Reciprocal",
                           "Neg",
                           "Abs",
                           "Floor",
                           "Ceil",
                           "Round",
                           "Sign",
                           "Sin",
                           "Cos",
                           "Tan",
                           "Asin",
                           "Acos",
                           "Atan",
                           "Sinh",
                           "Cosh",
                           "Asinh",
                           "Acosh",
                           "Atanh",
                           "Identity",
                           "Clip",
                           "Softmax",
                           "LogSoftmax",
                           "Hardmax",
                           "InstanceNormalization",
                           "LpNormalization",
                           "LRN",
                           "GroupNormalization",
                           "MeanVarianceNormalization",
                           "CumSum",
                           "Trilu",
                           "ThresholdedRelu",
                           "Shrink",
                           "BitwiseNot",
                           "ReverseSequence",
                           "ScatterND",
                           "ScatterElements",
                           "Scatter",
                           "EyeLike"}) {
      (*t)[op] = same;
    }
    (*t)["GatherElements"] = [](Ctx& c) { c.set(0, c.elem(0), c.dims_or_none(1)); };
    for (const char* op : {"Not", "IsNaN", "IsInf"}) {
      (*t)[op] = [](Ctx& c) { c.set(0, elem::boolean, c.dims_or_none(0)); };
    }
    for (const char* op : {"Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean",
                           "BitShift", "PRelu", "BitwiseAnd", "BitwiseOr", "BitwiseXor"}) {
      (*t)[op] = [](Ctx& c) { broadcast_all(c, c.elem(0)); };
    }
    // Before opset 7 PRelu's slope is per channel (one value per dim 1), not numpy-broadcast.
    (*t)["PRelu"] = [](Ctx& c) {
      if (c.opset < 7) return c.same_as_input(0, 0);
      broadcast_all(c, c.elem(0));
    };
    for (const char* op :
         {"Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor"}) {
      (*t)[op] = [](Ctx& c) { broadcast_all(c, elem::boolean); };
    }
    (*t)["Where"] = [](Ctx& c) { broadcast_all(c, c.elem(1)); };
    (*t)["Cast"] = [](Ctx& c) {
      c.set(0, static_cast<std::int32_t>(c.node.attr_int("to", elem::float32)), c.dims_or_none(0));
    };
    (*t)["CastLike"] = [](Ctx& c) { c.set(0, c.elem(1), c.dims_or_none(0)); };
    (*t)["Dropout"] = [](Ctx& c) {
      c.same_as_input(0, 0);
      c.set(1, elem::boolean, c.dims_or_none(0));
    };
    (*t)["BatchNormalization"] = batch_norm;
    (*t)["LayerNormalization"] = layer_norm;
    for (const char* op :
         {"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
          "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"}) {
      (*t)[op] = [](Ctx& c) { reduce(c, false, c.elem(0)); };
    }
    for (const char* op : {"ArgMax", "ArgMin"}) {
      (*t)[op] = [](Ctx& c) { reduce(c, true, elem::int64); };
    }
    (*t)["Reshape"] = reshape;
    (*t)["Flatten"] = flatten;
    (*t)["Transpose"] = transpose;
    (*t)["Concat"] = concat;
    (*t)["Split"] = split;
    (*t)["Slice"] = slice;
    (*t)["Gather"] = gather;
    (*t)["GatherND"] = gather_nd;
    (*t)["Pad"] = pad;
    (*t)["Unsqueeze"] = unsqueeze;
    (*t)["Squeeze"] = squeeze;
    (*t)["Expand"] = expand;
    (*t)["Tile"] = tile;
    (*t)["Shape"] = shape_of;
    (*t)["Size"] = [](Ctx& c) { c.set(0, elem::int64, Dims{}); };
    (*t)["ConstantOfShape"] = constant_of_shape;
    (*t)["Range"] = range;
    (*t)["Constant"] = constant;
    (*t)["Resize"] = resize;
    (*t)["Upsample"] = resize;
    (*t)["OneHot"] = one_hot;
    (*t)["DepthToSpace"] = [](Ctx& c) { depth_space(c, true); };
    (*t)["SpaceToDepth"] = [](Ctx& c) { depth_space(c, false); };
    add_compute_rules(*t);
    add_recurrent_rules(*t);
    add_detection_rules(*t);
    add_misc_rules(*t);
    return table_being_built;
  }();
  return table;
}

}  // namespace

std::optional<SliceExtent> slice_extent(const shape_rules::Dims& dims, const Dims& starts,
                                        const Dims& ends, Dims axes, Dims steps) {
  const auto rank = static_cast<std::int64_t>(dims.size());
  if (axes.empty()) {
    for (std::size_t k = 0; k < starts.size(); ++k) axes.push_back(static_cast<std::int64_t>(k));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    return std::nullopt;
  }
  SliceExtent s{Dims(dims.size(), 0), Dims(dims.size(), 1), dims};
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::int64_t axis = axes[k] < 0 ? axes[k] + rank : axes[k];
    if (axis < 0 || axis >= rank || steps[k] == 0) return std::nullopt;
    const std::int64_t dim = dims[static_cast<std::size_t>(axis)];
    auto clamp = [dim](std::int64_t v, std::int64_t lo, std::int64_t hi) {
      if (v < 0) v += dim;
      return std::clamp(v, lo, hi);
    };
    const auto a = static_cast<std::size_t>(axis);
    if (steps[k] > 0) {
      const std::int64_t b = clamp(starts[k], 0, dim);
      const std::int64_t e = clamp(ends[k], 0, dim);
      s.extent[a] = std::max<std::int64_t>(0, (e - b + steps[k] - 1) / steps[k]);
      s.begin[a] = b;
    } else {
      const std::int64_t b = clamp(starts[k], 0, dim - 1);
      const std::int64_t e = clamp(ends[k], -1, dim - 1);
      s.extent[a] = std::max<std::int64_t>(0, (b - e - steps[k] - 1) / -steps[k]);
      s.begin[a] = b;
    }
    s.step[a] = steps[k];
  }
  return s;
}

RuleResult infer_node(const Node& node, std::int64_t opset, const NodeInputs& in,
                      std::vector<TensorType>& outputs) {
  outputs.assign(node.outputs.size(), TensorType{});
  if (!node.is_default_domain()) return RuleResult::no_rule;
  auto it = rules().find(node.op_type);
  if (it == rules().end()) return RuleResult::no_rule;
  Ctx ctx(node, opset, in, outputs);
  it->second(ctx);
  return RuleResult::inferred;
}

}  // namespace graphstat::frontends::onnxfe
