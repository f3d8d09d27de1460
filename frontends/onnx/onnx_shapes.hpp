#pragma once
// Shapes for every tensor of an ONNX graph: binds the user's input shapes (and with them symbolic
// dims such as a dynamic batch `N`), then runs graphstat's per-op shape rules
// (onnx_shape_rules.hpp) node by node, folding the small constant tensors of shape arithmetic
// (onnx_const_eval.hpp) as it goes so that Reshape, Expand and Slice see concrete targets.

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graphstat/frontend.hpp"
#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

/// How the graph builder runs an If, Loop or Scan (onnx_control_flow.cpp): which subgraph's ops
/// join the graph and how many times they run.
struct ControlPlan {
  /// The subgraphs whose ops join the graph: the branch an If takes, both branches of an If whose
  /// condition is unknown, a Loop's or Scan's body. Empty: the node stays one unpriced op.
  std::vector<const OnnxGraph*> bodies;
  /// How many times the bodies run (Loop/Scan trips; 1 for an If), when known.
  std::optional<std::int64_t> repeat;
  /// When the bodies' ops depend on something known only at run time (a Loop's trip count, an
  /// If's condition): the symbol they wait on ("Loop_3.trips", "If_7.cond").
  std::string waits_on;
  /// The node's outputs that are the same tensors as a body output (a taken If branch's outputs,
  /// a Loop's final loop-carried values): node output name -> body output name.
  std::vector<std::pair<std::string, std::string>> aliases;
  /// Body inputs that are the same tensors as the node's inputs (loop-carried initial values):
  /// body input name -> node input name.
  std::vector<std::pair<std::string, std::string>> input_aliases;
};

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
  /// For a tensor whose shape depends on data: the named symbolic dims it waits on (NonZero's
  /// count, the boxes NonMaxSuppression keeps), carried down to every tensor computed from it,
  /// with the `unknown_reason` of inputs that have no rule. Tensors not listed here that have no
  /// shape wait on what their producer's inputs wait on.
  std::unordered_map<std::string, std::vector<std::string>> waits_on;
  /// Symbolic dims bound while inferring (user-given or defaulted to 1), in the order bound.
  std::vector<DimBinding> bindings;
  /// One-line remarks for the report (which dims were defaulted).
  std::vector<std::string> notes;
  /// Every If, Loop and Scan inference reached, by node.
  std::unordered_map<const Node*, ControlPlan> control;
};

/// Binds `options.inputs` (by name, or in order when unnamed) and then `options.dims` by name; an
/// input dim still unbound defaults to 1 (recorded as a defaulted binding with a note). Infers
/// every shape it can; a shape it cannot stays unknown (`types[name].dims` empty) with a reason in
/// `unknown_reason`. Throws graphstat::Error naming the file, and the node when a node's inputs
/// contradict it. `model` must outlive the result.
InferredModel infer_shapes(const Model& model, const LoadOptions& options,
                           const std::filesystem::path& file);

}  // namespace graphstat::frontends::onnxfe
