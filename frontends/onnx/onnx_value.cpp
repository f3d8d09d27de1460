#include "onnx_value.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace graphstat::frontends::onnxfe {

namespace {
// 2^63 is exactly representable; every double below it (and at or above -2^63) converts.
constexpr double kLimit = 9223372036854775808.0;
}  // namespace

bool fits_int64(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(),
                     [](double x) { return !std::isnan(x) && x < kLimit && x >= -kLimit; });
}

std::int64_t saturating_int(double x) {
  if (std::isnan(x)) return 0;
  if (x >= kLimit) return std::numeric_limits<std::int64_t>::max();
  if (x < -kLimit) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(x);
}

std::size_t element_count(const std::vector<std::int64_t>& dims) {
  // Saturates rather than wraps: 2^32 x 2^32 wrapped is 0, which let a huge constant with no data
  // pass for an empty one, and folding it read past its values.
  std::size_t n = 1;
  bool overflow = false;
  for (auto d : dims) {
    if (d <= 0) return 0;
    overflow = overflow || __builtin_mul_overflow(n, static_cast<std::size_t>(d), &n);
  }
  return overflow ? std::numeric_limits<std::size_t>::max() : n;
}

Value Value::zeros(std::int32_t elem_type, std::vector<std::int64_t> shape) {
  Value v;
  v.elem = elem_type;
  v.dims = std::move(shape);
  v.fp = is_floating(elem_type);
  if (v.fp) {
    v.f.resize(element_count(v.dims));
  } else {
    v.i.resize(element_count(v.dims));
  }
  return v;
}

std::vector<std::int64_t> Value::ints() const {
  std::vector<std::int64_t> out(size());
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = at_i(k);
  return out;
}

std::vector<double> Value::doubles() const {
  std::vector<double> out(size());
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = at_f(k);
  return out;
}

}  // namespace graphstat::frontends::onnxfe
