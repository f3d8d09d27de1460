#pragma once
// ONNX operator -> graphstat canonical op (docs/cost-model.md).

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graphstat/graph.hpp"
#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

struct MappedOp {
  std::string op;
  /// Operand positions matter to the op's cost model (conv's weight is input 1), so constant
  /// operands keep their slots instead of being dropped as plumbing.
  bool positional = false;
  /// When not empty, the node inputs the op takes, in canonical order (kAbsentOperand for an empty
  /// slot): LSTM's X, W, R, B, sequence_lens, initial_h, initial_c become the canonical
  /// X, h0, c0, W, R, B of docs/cost-model.md.
  std::vector<std::size_t> operand_order{};
  /// When set, the op's attributes are exactly these (a canonical set both frontends fill the
  /// same way), not the node's own.
  std::optional<std::map<std::string, AttrValue, std::less<>>> attrs{};
};

inline constexpr std::size_t kAbsentOperand = std::numeric_limits<std::size_t>::max();

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
