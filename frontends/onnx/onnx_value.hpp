#pragma once
// Element types and small known tensors: the values of shape arithmetic (Reshape targets, Slice
// bounds, Resize scales), which shape inference needs and weights never are.

#include <cstdint>
#include <optional>
#include <vector>

namespace graphstat::frontends::onnxfe {

/// TensorProto.DataType values (onnx.proto).
namespace elem {
inline constexpr std::int32_t undefined = 0;
inline constexpr std::int32_t float32 = 1;
inline constexpr std::int32_t uint8 = 2;
inline constexpr std::int32_t int8 = 3;
inline constexpr std::int32_t uint16 = 4;
inline constexpr std::int32_t int16 = 5;
inline constexpr std::int32_t int32 = 6;
inline constexpr std::int32_t int64 = 7;
inline constexpr std::int32_t string = 8;
inline constexpr std::int32_t boolean = 9;
inline constexpr std::int32_t float16 = 10;
inline constexpr std::int32_t float64 = 11;
inline constexpr std::int32_t uint32 = 12;
inline constexpr std::int32_t uint64 = 13;
inline constexpr std::int32_t complex64 = 14;
inline constexpr std::int32_t complex128 = 15;
inline constexpr std::int32_t bfloat16 = 16;
}  // namespace elem

inline bool is_floating(std::int32_t e) {
  return e == elem::float32 || e == elem::float16 || e == elem::bfloat16 || e == elem::float64;
}

/// Element types whose values Value holds (integers exactly, float32/float64 as double): the
/// types of shape arithmetic. Others (float16, strings, ...) are never decoded or folded.
inline bool has_value_type(std::int32_t e) {
  return e == elem::int64 || e == elem::int32 || e == elem::int16 || e == elem::int8 ||
         e == elem::uint8 || e == elem::boolean || e == elem::float32 || e == elem::float64;
}

/// Values larger than this are not kept or folded: shape arithmetic never needs them.
inline constexpr std::size_t kMaxFoldedElements = 1 << 16;

/// A double as int64 the way shape arithmetic needs it: truncated toward zero, saturated at the
/// int64 limits, NaN as 0. A plain cast of an out-of-range double is undefined behaviour, and a
/// hostile Cast or Resize scale (3.9e28) reached one; saturated dims are then refused by the
/// checked element counts downstream.
std::int64_t saturating_int(double x);

/// Whether every value converts to int64 without saturating (no NaN, none beyond 2^63).
bool fits_int64(const std::vector<double>& values);

/// Number of elements of `dims` (negative dims count as 0); SIZE_MAX when it overflows.
std::size_t element_count(const std::vector<std::int64_t>& dims);

/// A small dense tensor: integers exactly (Slice ends are INT64_MAX), floats as double.
struct Value {
  std::int32_t elem = elem::int64;
  std::vector<std::int64_t> dims;
  bool fp = false;
  std::vector<std::int64_t> i;
  std::vector<double> f;

  /// Zero-filled, with room for every element of `dims`.
  static Value zeros(std::int32_t elem_type, std::vector<std::int64_t> shape);

  std::size_t size() const { return fp ? f.size() : i.size(); }
  double at_f(std::size_t k) const { return fp ? f[k] : static_cast<double>(i[k]); }
  std::int64_t at_i(std::size_t k) const { return fp ? saturating_int(f[k]) : i[k]; }
  void set(std::size_t k, double as_float, std::int64_t as_int) {
    if (fp) {
      f[k] = as_float;
    } else {
      i[k] = as_int;
    }
  }
  /// All elements as integers (axes, sizes, pads).
  std::vector<std::int64_t> ints() const;
  /// All elements as doubles (scales).
  std::vector<double> doubles() const;
};

/// What shape inference knows of a tensor: its element type, and its dims when known.
struct TensorType {
  std::int32_t elem = elem::undefined;
  std::optional<std::vector<std::int64_t>> dims;
};

}  // namespace graphstat::frontends::onnxfe
