#pragma once
// graphstat's own shape rules for the ONNX operators of the vision and transformer zoos, opsets
// 7-18. They replace libonnx's shape inference, which costs ~30-70 ms a model (~17 ms just to
// build its operator schema table) against a 20 ms budget for a whole run, stops short on Einsum
// in 1.12 and knows no opset 18. Rules see known values of small inputs (Reshape targets, Slice
// bounds) from onnx_const_eval.hpp.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

/// Inputs that contradict the operator (mismatched broadcast, wrong rank): the caller names the
/// node.
class ShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Data-dependent dims (the boxes NonMaxSuppression keeps, NonZero's count, a TopK whose k is
/// known only at run time) are named symbols. A rule asks for the value the user bound to one;
/// inference records the binding, or, when it is unbound, makes the node's outputs wait on it.
class DataDims {
 public:
  virtual ~DataDims() = default;
  virtual std::optional<std::int64_t> bound(const std::string& symbol) = 0;
};

struct NodeInputs {
  std::vector<const TensorType*> types;  // Null for absent inputs and unknown types.
  std::vector<const Value*> values;      // Null where the value is not known statically.
  DataDims* data_dims = nullptr;         // Null: every data-dependent dim stays unknown.
};

/// The symbol naming data-dependent dim `what` of `node`'s output: "<node name>.<what>"
/// ("/rpn/NonZero.count"), or "<op type>(<first output>).<what>" for an unnamed node.
std::string data_dim_symbol(const Node& node, const std::string& what);

enum class RuleResult { inferred, no_rule };

/// Fills `outputs` (one per node output; dims left empty where they cannot be known, e.g. an
/// input's shape is unknown or the output depends on data). Returns no_rule for operators
/// graphstat has no rule for. Throws ShapeError on contradictory inputs.
RuleResult infer_node(const Node& node, std::int64_t opset, const NodeInputs& in,
                      std::vector<TensorType>& outputs);

/// Extents of a Slice over `dims` (ONNX clamping rules); shared with constant folding.
struct SliceExtent {
  std::vector<std::int64_t> begin, step, extent;
};
std::optional<SliceExtent> slice_extent(const std::vector<std::int64_t>& dims,
                                        const std::vector<std::int64_t>& starts,
                                        const std::vector<std::int64_t>& ends,
                                        std::vector<std::int64_t> axes,
                                        std::vector<std::int64_t> steps);

}  // namespace graphstat::frontends::onnxfe
