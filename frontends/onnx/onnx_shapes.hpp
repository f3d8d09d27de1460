#pragma once
// Shapes for every tensor of an ONNX graph: binds the user's input shapes (and with them symbolic
// dims such as a dynamic batch `N`), then runs graphstat's per-op shape rules
// (onnx_shape_rules.hpp) node by node, folding the small constant tensors of shape arithmetic
// (onnx_const_eval.hpp) as it goes so that Reshape, Expand and Slice see concrete targets.

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "graphstat/frontend.hpp"
#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

struct InferredModel {
  const OnnxGraph* graph = nullptr;
  /// Type of every tensor inference reached (graph inputs, initializers, node outputs, the nodes
  /// of If branches).
  std::unordered_map<std::string, TensorType> types;
  /// Tensors whose values are known without running the model (constants, folded shape arithmetic).
  std::unordered_map<std::string, Value> values;
  std::unordered_map<std::string, const TensorData*> initializers;
  /// Real graph inputs (not initializers), in order.
  std::vector<std::string> inputs;
  /// Why a tensor has no shape, when the reason is not an unknown input ("no shape rule for ...").
  std::unordered_map<std::string, std::string> unknown_reason;
};

/// Binds `inputs` (by name, or in order when unnamed) and infers every shape. Throws
/// graphstat::Error naming the file, and the node when a node's inputs contradict it. `model`
/// must outlive the result.
InferredModel infer_shapes(const Model& model, const std::vector<InputSpec>& inputs,
                           const std::filesystem::path& file);

}  // namespace graphstat::frontends::onnxfe
