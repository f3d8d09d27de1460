#pragma once
/// Runs one TorchScript node without computing anything real, to learn its output shapes.
///
/// Tensors are meta tensors (sizes and dtype, no storage). For each node, in order:
///  1. a shape rule (shape_functions.hpp) for the ops libtorch 1.13 has no meta kernel for;
///  2. the op itself on meta tensors: most aten ops have structured meta kernels;
///  3. fallback: the op on zero-filled CPU tensors of the same shapes, outputs turned back into
///  meta
///     tensors. That computes for real, but only for ops without 1 or 2, which in the torchvision
///     zoo are small (none of the heavy products).
/// Sizes read with aten::size and carried as 0-d CPU tensors (prim::NumToTensor) stay real, so the
/// integer arithmetic on them is exact.

#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/ir/ir.h>

#include <vector>

namespace graphstat::frontends::torchscript {

/// The outputs of `node` given its input values.
std::vector<c10::IValue> evaluate(const torch::jit::Node& node,
                                  const std::vector<c10::IValue>& inputs);

/// `value` with every tensor that has data (any not 0-d) replaced by a meta tensor of the same
/// sizes and dtype, inside lists and tuples too.
c10::IValue to_meta(const c10::IValue& value);

}  // namespace graphstat::frontends::torchscript
