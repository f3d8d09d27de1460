#pragma once
// Evaluates the shape arithmetic that exporters write (Shape -> Gather -> Unsqueeze -> Concat ->
// Reshape, Slice bounds from Div/Mul on sizes, Expand targets from ConstantOfShape/Equal/Where) on
// small tensors whose values are known statically. ONNX 1.12's own data propagation stops at
// several of these ops, leaving shapes unknown; with the values folded here every per-op shape
// inference function sees constant inputs.

#include <onnx/onnx_pb.h>

#include <optional>
#include <vector>

namespace graphstat::frontends::onnxfe {

/// Values larger than this are not folded: shape arithmetic never needs them.
inline constexpr std::size_t kMaxFoldedElements = 1 << 16;

/// Reads a TensorProto's values (int/bool/float types), or nothing when it has no data or a type
/// the evaluator does not handle.
std::optional<::onnx::TensorProto> normalized_constant(const ::onnx::TensorProto& tensor);

/// Computes the outputs of `node` from its inputs' known values (`inputs[i]` null when unknown) and
/// its outputs' inferred types. Returns nothing when the op is not foldable or an input is unknown.
/// Only Shape reads `input_types` (its input needs a shape, not a value).
std::optional<std::vector<::onnx::TensorProto>> fold_node(
    const ::onnx::NodeProto& node, const std::vector<const ::onnx::TensorProto*>& inputs,
    const std::vector<const ::onnx::TypeProto*>& input_types,
    const std::vector<const ::onnx::TypeProto*>& output_types);

}  // namespace graphstat::frontends::onnxfe
