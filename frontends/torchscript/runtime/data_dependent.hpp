#pragma once
/// Ops whose output length depends on the data (the boxes NMS keeps, the elements a mask selects),
/// and numbers read out of tensors computed from the inputs (int(x.median()), x.max().item()):
/// the shape-only tensors hold no values, so such a number is data too. Each becomes a named
/// symbol: bound by the user (LoadOptions::dims), or left symbolic so
/// that everything depending on it is unresolved rather than priced on a made-up length.

#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/ir/ir.h>

#include <optional>
#include <string>
#include <vector>

namespace graphstat::frontends::torchscript {

struct DataDependentOp {
  std::string op;    ///< Short name for the symbol: "nms", "nonzero", "index", "median", ...
  std::string what;  ///< What the length counts: "keep", "count", "selected", "value", ...
};

/// Whether `node`, with these inputs, produces a data-dependent length.
std::optional<DataDependentOp> data_dependent(const torch::jit::Node& node,
                                              const std::vector<c10::IValue>& inputs);

/// The outputs of such a node, as meta tensors, when its length is `count`.
std::vector<c10::IValue> evaluate_with_count(const torch::jit::Node& node,
                                             const std::vector<c10::IValue>& inputs,
                                             std::int64_t count);

}  // namespace graphstat::frontends::torchscript
