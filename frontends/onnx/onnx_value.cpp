#include "onnx_value.hpp"

#include <algorithm>

namespace graphstat::frontends::onnxfe {

std::size_t element_count(const std::vector<std::int64_t>& dims) {
  std::size_t n = 1;
  for (auto d : dims) n *= static_cast<std::size_t>(std::max<std::int64_t>(d, 0));
  return n;
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
