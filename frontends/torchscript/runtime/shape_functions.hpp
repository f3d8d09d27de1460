#pragma once
/// Output shapes of the aten ops that have no meta-tensor kernel in libtorch 1.13 (convolutions,
/// the normalizations, adaptive pooling to sizes other than 1, the fused attention and
/// encoder-layer kernels, ...). Computed from the argument shapes alone, like the meta kernels of
/// newer releases.

#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/ir/ir.h>

#include <optional>
#include <vector>

namespace graphstat::frontends::torchscript {

/// The outputs of `node` as meta tensors, or nothing when this file has no rule for its op.
std::optional<std::vector<c10::IValue>> infer_outputs(const torch::jit::Node& node,
                                                      const std::vector<c10::IValue>& inputs);

/// A meta tensor with the sizes and dtype of `like`.
at::Tensor meta_like(const at::Tensor& like);
at::Tensor meta_tensor(c10::IntArrayRef sizes, c10::ScalarType dtype);

}  // namespace graphstat::frontends::torchscript
