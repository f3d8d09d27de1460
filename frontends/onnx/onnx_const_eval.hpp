#pragma once
// Evaluates the shape arithmetic that exporters write (Shape -> Gather -> Unsqueeze -> Concat ->
// Reshape, Slice bounds from Div/Mul on sizes, Expand targets from ConstantOfShape/Equal/Where) on
// small tensors whose values are known statically, so that every shape rule downstream sees
// constant Reshape targets, Slice bounds and Resize scales.

#include <optional>
#include <vector>

#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

/// The value of a Constant node, or nothing when it has no foldable value.
std::optional<Value> constant_value(const Node& node);

/// Computes the outputs of `node` from its inputs' known values (`inputs[i]` null when unknown) and
/// its outputs' inferred types. Returns nothing when the op is not foldable or an input is unknown.
/// Only Shape and Size read `input_types` (their input needs a shape, not a value).
std::optional<std::vector<Value>> fold_node(const Node& node,
                                            const std::vector<const Value*>& inputs,
                                            const std::vector<const TensorType*>& input_types,
                                            const std::vector<TensorType>& output_types);

/// The ops of detection shape arithmetic (reductions, Reciprocal, Round, Split, Tile, NonZero,
/// variadic Min/Max/Sum) for fold_node (onnx_const_eval_more.cpp). Nothing when `node` is none of
/// them, an input is unknown, or an integer result would overflow.
std::optional<std::vector<Value>> fold_more(const Node& node,
                                            const std::vector<const Value*>& inputs,
                                            const std::vector<TensorType>& output_types);

}  // namespace graphstat::frontends::onnxfe
