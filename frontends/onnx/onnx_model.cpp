#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

const Attribute* Node::attr(std::string_view attr_name) const {
  for (const auto& a : attributes) {
    if (a.name == attr_name) return &a;
  }
  return nullptr;
}

std::int64_t Node::attr_int(std::string_view attr_name, std::int64_t fallback) const {
  const Attribute* a = attr(attr_name);
  return a != nullptr ? a->i : fallback;
}

std::optional<std::vector<std::int64_t>> Node::attr_ints(std::string_view attr_name) const {
  const Attribute* a = attr(attr_name);
  if (a == nullptr) return std::nullopt;
  return a->ints;
}

const std::string& Node::input(std::size_t k) const {
  static const std::string kAbsent;
  return k < inputs.size() ? inputs[k] : kAbsent;
}

}  // namespace graphstat::frontends::onnxfe
