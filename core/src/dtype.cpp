#include "graphstat/dtype.hpp"

#include <array>
#include <utility>

namespace graphstat {
namespace {

struct DTypeEntry {
  DType dtype;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<DTypeEntry, 12> kDTypes{{
    {DType::float32, "float32", 4},
    {DType::float16, "float16", 2},
    {DType::bfloat16, "bfloat16", 2},
    {DType::float64, "float64", 8},
    {DType::int8, "int8", 1},
    {DType::uint8, "uint8", 1},
    {DType::int16, "int16", 2},
    {DType::int32, "int32", 4},
    {DType::int64, "int64", 8},
    {DType::boolean, "bool", 1},
    {DType::complex64, "complex64", 8},
    {DType::complex128, "complex128", 16},
}};

// Spellings users type in configs and that frameworks print.
constexpr std::array<std::pair<std::string_view, DType>, 12> kAliases{{
    {"f32", DType::float32},
    {"float", DType::float32},
    {"fp32", DType::float32},
    {"f16", DType::float16},
    {"fp16", DType::float16},
    {"half", DType::float16},
    {"bf16", DType::bfloat16},
    {"f64", DType::float64},
    {"double", DType::float64},
    {"long", DType::int64},
    {"int", DType::int32},
    {"boolean", DType::boolean},
}};

const DTypeEntry& entry(DType dtype) {
  for (const auto& e : kDTypes) {
    if (e.dtype == dtype) return e;
  }
  return kDTypes[0];  // Unreachable: every enumerator has an entry.
}

}  // namespace

std::size_t dtype_size(DType dtype) { return entry(dtype).size; }

std::string_view dtype_name(DType dtype) { return entry(dtype).name; }

std::optional<DType> parse_dtype(std::string_view name) {
  for (const auto& e : kDTypes) {
    if (e.name == name) return e.dtype;
  }
  for (const auto& [alias, dtype] : kAliases) {
    if (alias == name) return dtype;
  }
  return std::nullopt;
}

}  // namespace graphstat
