#pragma once
/// Element types of tensors, with their sizes in bytes (memory traffic is computed from these).

#include <cstddef>
#include <optional>
#include <string_view>

namespace graphstat {

enum class DType {
  float32,
  float16,
  bfloat16,
  float64,
  int8,
  uint8,
  int16,
  int32,
  int64,
  boolean,
  complex64,
  complex128,
};

/// Size of one element in bytes.
std::size_t dtype_size(DType dtype);

/// Canonical lower-case name ("float32", "int64", "bool", ...), as used in JSON graphs and configs.
std::string_view dtype_name(DType dtype);

/// Parses a canonical name or a common alias ("f32", "float", "fp16", "half", "long", ...).
std::optional<DType> parse_dtype(std::string_view name);

}  // namespace graphstat
