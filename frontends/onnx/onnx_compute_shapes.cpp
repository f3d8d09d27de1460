// Shape rules of the compute operators: convolution, pooling, Gemm, MatMul, Einsum.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "onnx_shape_context.hpp"

namespace graphstat::frontends::onnxfe::shape_rules {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// The attributes of a sliding window over `spatial` dims, with ONNX's defaults.
struct Window {
  Dims kernel, strides, dilations, pads;
  std::string auto_pad;

  Window(const Node& node, Dims kernel_shape, std::size_t spatial)
      : kernel(std::move(kernel_shape)),
        strides(node.attr_ints("strides").value_or(Dims(spatial, 1))),
        dilations(node.attr_ints("dilations").value_or(Dims(spatial, 1))),
        pads(node.attr_ints("pads").value_or(Dims(2 * spatial, 0))) {
    if (const Attribute* a = node.attr("auto_pad")) auto_pad = a->s;
    if (strides.empty()) strides.assign(spatial, 1);
    if (dilations.empty()) dilations.assign(spatial, 1);
    if (pads.empty()) pads.assign(2 * spatial, 0);
    if (kernel.size() != spatial || strides.size() != spatial || dilations.size() != spatial ||
        pads.size() != 2 * spatial) {
      fail(
          fmt::format("kernel {}, strides {}, dilations {} or pads {} do not match {} spatial dims",
                      text(kernel), text(strides), text(dilations), text(pads), spatial));
    }
    for (std::size_t d = 0; d < spatial; ++d) {
      if (strides[d] <= 0 || dilations[d] <= 0 || kernel[d] <= 0) {
        fail("kernel, strides and dilations must be positive");
      }
    }
  }

  // Output extent of dim `d` over an input extent `in` (Conv and the pools; PyTorch's ceil-mode
  // rule: a last window that would start in the right padding is dropped).
  std::int64_t out(std::size_t d, std::int64_t in, bool ceil_mode) const {
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") return ceil_div(in, strides[d]);
    const std::int64_t span = dilations[d] * (kernel[d] - 1) + 1;
    const std::int64_t pb = auto_pad == "VALID" ? 0 : pads[d];
    const std::int64_t pe = auto_pad == "VALID" ? 0 : pads[d + kernel.size()];
    const std::int64_t room = in + pb + pe - span;
    if (room < 0) {
      fail(fmt::format("a window of {} does not fit an input of {} (padded {}+{})", span, in, pb,
                       pe));
    }
    std::int64_t n = (ceil_mode ? ceil_div(room, strides[d]) : room / strides[d]) + 1;
    if (ceil_mode && (n - 1) * strides[d] >= in + pb) --n;
    return n;
  }
};

void conv(Ctx& c) {
  const Dims* x = c.dims(0);
  const Dims* w = c.dims(1);
  if (x == nullptr || w == nullptr) return c.set(0, c.elem(0), std::nullopt);
  if (x->size() < 3 || w->size() != x->size()) {
    fail(fmt::format("input {} and weight {} are not a convolution", text(*x), text(*w)));
  }
  const std::size_t spatial = x->size() - 2;
  const std::int64_t group = c.node.attr_int("group", 1);
  if (group <= 0 || (*w)[1] * group != (*x)[1]) {
    fail(fmt::format("input channels {} do not match weight {} with group {}", (*x)[1], text(*w),
                     group));
  }
  const Window window(
      c.node, c.node.attr_ints("kernel_shape").value_or(Dims(w->begin() + 2, w->end())), spatial);
  Dims out{(*x)[0], (*w)[0]};
  for (std::size_t d = 0; d < spatial; ++d) out.push_back(window.out(d, (*x)[d + 2], false));
  c.set(0, c.elem(0), out);
}

void conv_transpose(Ctx& c) {
  const Dims* x = c.dims(0);
  const Dims* w = c.dims(1);
  if (x == nullptr || w == nullptr) return c.set(0, c.elem(0), std::nullopt);
  if (x->size() < 3 || w->size() != x->size() || (*w)[0] != (*x)[1]) {
    fail(
        fmt::format("input {} and weight {} are not a transposed convolution", text(*x), text(*w)));
  }
  const std::size_t spatial = x->size() - 2;
  const std::int64_t group = c.node.attr_int("group", 1);
  const Window window(
      c.node, c.node.attr_ints("kernel_shape").value_or(Dims(w->begin() + 2, w->end())), spatial);
  const Dims output_padding = c.node.attr_ints("output_padding").value_or(Dims(spatial, 0));
  Dims out{(*x)[0], (*w)[1] * group};
  if (auto shape = c.node.attr_ints("output_shape"); shape && !shape->empty()) {
    // Either the spatial dims or all of them.
    if (shape->size() != spatial && shape->size() != spatial + 2) {
      fail(fmt::format("output_shape {} has neither {} spatial dims nor {} dims", text(*shape),
                       spatial, spatial + 2));
    }
    out.insert(out.end(), shape->end() - static_cast<std::ptrdiff_t>(spatial), shape->end());
    return c.set(0, c.elem(0), out);
  }
  for (std::size_t d = 0; d < spatial; ++d) {
    const std::int64_t in = (*x)[d + 2];
    if (window.auto_pad == "SAME_UPPER" || window.auto_pad == "SAME_LOWER") {
      out.push_back(in * window.strides[d]);
      continue;
    }
    const bool valid = window.auto_pad == "VALID";
    const std::int64_t pads = valid ? 0 : window.pads[d] + window.pads[d + spatial];
    const std::int64_t op = d < output_padding.size() ? output_padding[d] : 0;
    out.push_back(window.strides[d] * (in - 1) + op + window.dilations[d] * (window.kernel[d] - 1) +
                  1 - pads);
  }
  c.set(0, c.elem(0), out);
}

void pool(Ctx& c) {
  const Dims* x = c.dims(0);
  if (x == nullptr || x->size() < 3) {
    c.set(0, c.elem(0), std::nullopt);
    return c.set(1, elem::int64, std::nullopt);
  }
  const std::size_t spatial = x->size() - 2;
  auto kernel = c.node.attr_ints("kernel_shape");
  if (!kernel) fail("a pooling node without kernel_shape");
  const Window window(c.node, *kernel, spatial);
  const bool ceil_mode = c.node.attr_int("ceil_mode", 0) != 0;
  Dims out{(*x)[0], (*x)[1]};
  for (std::size_t d = 0; d < spatial; ++d) out.push_back(window.out(d, (*x)[d + 2], ceil_mode));
  c.set(0, c.elem(0), out);
  c.set(1, elem::int64, out);  // MaxPool's optional Indices.
}

void global_pool(Ctx& c) {
  const Dims* x = c.dims(0);
  if (x == nullptr || x->size() < 2) return c.set(0, c.elem(0), std::nullopt);
  Dims out{(*x)[0], (*x)[1]};
  out.resize(x->size(), 1);
  c.set(0, c.elem(0), out);
}

void gemm(Ctx& c) {
  const Dims* a = c.dims(0);
  const Dims* b = c.dims(1);
  if (a == nullptr || b == nullptr) return c.set(0, c.elem(0), std::nullopt);
  if (a->size() != 2 || b->size() != 2) {
    fail(fmt::format("Gemm needs 2-d operands, got {} and {}", text(*a), text(*b)));
  }
  const bool ta = c.node.attr_int("transA", 0) != 0;
  const bool tb = c.node.attr_int("transB", 0) != 0;
  const std::int64_t m = ta ? (*a)[1] : (*a)[0];
  const std::int64_t ka = ta ? (*a)[0] : (*a)[1];
  const std::int64_t kb = tb ? (*b)[1] : (*b)[0];
  const std::int64_t n = tb ? (*b)[0] : (*b)[1];
  if (ka != kb) fail(fmt::format("Gemm operands {} and {} disagree on K", text(*a), text(*b)));
  c.set(0, c.elem(0), Dims{m, n});
}

void matmul(Ctx& c) {
  const Dims* a = c.dims(0);
  const Dims* b = c.dims(1);
  if (a == nullptr || b == nullptr) return c.set(0, c.elem(0), std::nullopt);
  if (a->empty() || b->empty()) fail("MatMul of a scalar");
  Dims x = *a, y = *b;
  const bool vector_a = x.size() == 1;
  const bool vector_b = y.size() == 1;
  if (vector_a) x.insert(x.begin(), 1);
  if (vector_b) y.push_back(1);
  if (x.back() != y[y.size() - 2]) {
    fail(fmt::format("MatMul operands {} and {} disagree on K", text(*a), text(*b)));
  }
  Dims out = broadcast(Dims(x.begin(), x.end() - 2), Dims(y.begin(), y.end() - 2));
  if (!vector_a) out.push_back(x[x.size() - 2]);
  if (!vector_b) out.push_back(y.back());
  c.set(0, c.elem(0), out);
}

// "bhqd,bhkd->bhqk", with "..." for broadcast dims and an implicit output (letters seen once,
// alphabetically) when "->" is absent.
void einsum(Ctx& c) {
  std::string equation;
  if (const Attribute* a = c.node.attr("equation")) equation = a->s;
  equation.erase(std::remove_if(equation.begin(), equation.end(),
                                [](unsigned char ch) { return std::isspace(ch) != 0; }),
                 equation.end());
  const auto arrow = equation.find("->");
  const std::string lhs = equation.substr(0, arrow);
  std::vector<std::string> terms;
  for (std::size_t start = 0;;) {
    const auto comma = lhs.find(',', start);
    terms.push_back(lhs.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (terms.size() != c.node.inputs.size()) {
    fail(fmt::format("equation '{}' has {} operands, the node {}", equation, terms.size(),
                     c.node.inputs.size()));
  }
  std::map<char, std::int64_t> size;
  std::map<char, int> seen;
  Dims ellipsis;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const Dims* d = c.dims(k);
    if (d == nullptr) return c.set(0, c.elem(0), std::nullopt);
    std::string term = terms[k];
    const auto dots = term.find("...");
    const std::size_t letters = term.size() - (dots == std::string::npos ? 0 : 3);
    if (letters > d->size() || (dots == std::string::npos && letters != d->size())) {
      fail(fmt::format("term '{}' does not match operand {}", term, text(*d)));
    }
    const std::size_t ellipsis_rank = d->size() - letters;
    std::size_t dim = 0;
    for (std::size_t p = 0; p < term.size();) {
      if (term.compare(p, 3, "...") == 0) {
        ellipsis = broadcast(ellipsis,
                             Dims(d->begin() + static_cast<std::ptrdiff_t>(dim),
                                  d->begin() + static_cast<std::ptrdiff_t>(dim + ellipsis_rank)));
        dim += ellipsis_rank;
        p += 3;
        continue;
      }
      const char ch = term[p++];
      const std::int64_t extent = (*d)[dim++];
      auto [it, fresh] = size.emplace(ch, extent);
      if (!fresh && it->second != extent) {
        if (it->second != 1 && extent != 1) {
          fail(fmt::format("index '{}' is {} in one operand and {} in another", ch, it->second,
                           extent));
        }
        it->second = std::max(it->second, extent);
      }
      ++seen[ch];
    }
  }
  std::string output;
  if (arrow != std::string::npos) {
    output = equation.substr(arrow + 2);
  } else {
    output = "...";
    for (const auto& [ch, n] : seen) {
      if (n == 1) output.push_back(ch);
    }
  }
  Dims out;
  for (std::size_t p = 0; p < output.size();) {
    if (output.compare(p, 3, "...") == 0) {
      out.insert(out.end(), ellipsis.begin(), ellipsis.end());
      p += 3;
      continue;
    }
    auto it = size.find(output[p++]);
    if (it == size.end()) fail(fmt::format("output index '{}' is in no operand", output[p - 1]));
    out.push_back(it->second);
  }
  c.set(0, c.elem(0), out);
}

}  // namespace

void add_compute_rules(RuleTable& table) {
  table["Conv"] = conv;
  table["ConvTranspose"] = conv_transpose;
  for (const char* op : {"MaxPool", "AveragePool", "LpPool"}) table[op] = pool;
  for (const char* op : {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"}) {
    table[op] = global_pool;
  }
  table["Gemm"] = gemm;
  table["MatMul"] = matmul;
  table["Einsum"] = einsum;
}

}  // namespace graphstat::frontends::onnxfe::shape_rules
