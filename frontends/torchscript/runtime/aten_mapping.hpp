#pragma once
/// aten operators -> graphstat canonical ops (docs/cost-model.md), with operands in the positions
/// the cost models expect and the attributes they read.

#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/ir/ir.h>

#include <optional>
#include <string>
#include <vector>

#include "graphstat/graph.hpp"

namespace graphstat::frontends::torchscript {

/// What the mapping may ask about a node's inputs.
class ValueSource {
 public:
  virtual ~ValueSource() = default;
  /// The evaluated value of an input (meta tensor, int, list, ...).
  virtual const c10::IValue& value(const torch::jit::Value* v) const = 0;
  /// True for a tensor or tensor-list operand; false for sizes carried as 0-d tensors.
  virtual bool is_tensor_operand(const torch::jit::Value* v) const = 0;
};

struct MappedOp {
  std::string op;
  /// Ordered operands; nullptr for an absent optional one. A tensor list stands for its elements.
  std::vector<const torch::jit::Value*> operands;
  std::map<std::string, AttrValue, std::less<>> attrs;
};

/// The canonical form of an aten node, or nothing for an operator without a mapping (the caller
/// still emits it, as unsupported, with its tensor operands).
std::optional<MappedOp> map_aten(const torch::jit::Node& node, const ValueSource& values);

/// Every tensor operand of `node`, in order: the operands of an unmapped op.
std::vector<const torch::jit::Value*> tensor_operands(const torch::jit::Node& node,
                                                      const ValueSource& values);

}  // namespace graphstat::frontends::torchscript
