#pragma once
// Shapes for every tensor of an ONNX graph: binds the user's input shapes (and with them symbolic
// dims such as a dynamic batch `N`), then runs ONNX's per-op shape inference node by node, folding
// the small constant tensors of shape arithmetic (onnx_const_eval.hpp) as it goes so that Reshape,
// Expand and Slice see concrete targets.

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "graphstat/frontend.hpp"
#include "onnx_wire.hpp"

namespace graphstat::frontends::onnxfe {

struct InferredModel {
  const ::onnx::GraphProto* graph = nullptr;
  /// Type of every tensor shape inference reached (graph inputs, initializers, node outputs).
  std::unordered_map<std::string, ::onnx::TypeProto> types;
  /// Tensors whose values are known without running the model (constants, folded shape arithmetic).
  std::unordered_map<std::string, ::onnx::TensorProto> values;
  /// Names of initializers.
  std::unordered_map<std::string, const ::onnx::TensorProto*> initializers;
  /// Real graph inputs (not initializers), in order.
  std::vector<std::string> inputs;
  std::string producer;
};

/// Binds `inputs` (by name, or in order when unnamed) and infers every shape. Throws
/// graphstat::Error naming the file, and the node when a node's inference fails.
InferredModel infer_shapes(LoadedModel& model, const std::vector<InputSpec>& inputs,
                           const std::filesystem::path& file);

/// The concrete dims of a tensor type, or nothing when any dim is unknown or symbolic.
std::optional<Shape> concrete_shape(const ::onnx::TypeProto& type);

}  // namespace graphstat::frontends::onnxfe
