#pragma once
// ONNX operator -> graphstat canonical op (docs/cost-model.md).

#include <string>

#include "graphstat/graph.hpp"
#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

struct MappedOp {
  std::string op;
  /// Operand positions matter to the op's cost model (conv's weight is input 1), so constant
  /// operands keep their slots instead of being dropped as plumbing.
  bool positional = false;
};

/// The canonical op of a node. Ops without a mapping, in any domain, become "<domain>::<OpType>"
/// ("ai.onnx::Loop", "com.microsoft::FusedConv"), which no cost model prices: they are reported as
/// unsupported, never dropped.
MappedOp map_op(const Node& node);

/// True for the ONNX ops whose outputs depend only on their inputs' shapes (Shape, Size).
bool reads_only_shapes(const Node& node);

/// Copies a node's scalar, list and string attributes into the IR's typed attributes (strides,
/// pads, group, kernel_shape, transA/transB, equation, mode, ...).
void copy_attributes(const Node& node, OpNode& op);

}  // namespace graphstat::frontends::onnxfe
