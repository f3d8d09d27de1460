#pragma once
// The state of shape inference over one model (onnx_shapes.hpp), shared by the files that
// implement it: onnx_shapes.cpp (inputs, plain nodes) and onnx_control_flow.cpp (If, Loop, Scan
// and their subgraphs). Private to the ONNX frontend.

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "onnx_sequences.hpp"
#include "onnx_shapes.hpp"

namespace graphstat::frontends::onnxfe {

class Inference : public DataDims {
 public:
  Inference(const Model& model, const std::filesystem::path& file) : model_(model), file_(file) {}

  InferredModel run(const LoadOptions& options);

  /// A data-dependent dim (NMS's kept boxes, NonZero's count) the user bound is used (and
  /// recorded once); an unbound one is what the node's unknown outputs wait on.
  std::optional<std::int64_t> bound(const std::string& symbol) override;

 private:
  void bind_inputs(const std::vector<InputSpec>& specs, const DimValues& dims);
  std::int64_t opset_of(const Node& node) const;
  void infer(const Node& node);
  /// What a node's unknown outputs wait on: the symbols its rule asked for and did not get, and
  /// what its inputs wait on (sorted, unique).
  std::vector<std::string> waits_of_outputs(const Node& node) const;

  // onnx_control_flow.cpp. False when `node` is not If, Loop or Scan.
  bool infer_control_flow(const Node& node, std::vector<TensorType>& outputs);
  void infer_if(const Node& node, std::vector<TensorType>& outputs);
  void infer_loop(const Node& node, std::vector<TensorType>& outputs);
  void infer_scan(const Node& node, std::vector<TensorType>& outputs);
  /// Gives a subgraph's formal input the type (and sequence) of what is passed to it.
  void bind_formal(const ValueInfo& formal, const TensorType& type, const std::string& actual);
  /// Infers every node of a subgraph (its initializers first).
  void infer_subgraph(const OnnxGraph& graph);
  /// The value a user gave a control-flow symbol with --dim, recorded as a binding.
  std::optional<std::int64_t> bound_symbol(const std::string& symbol);
  /// The name symbols of a node derive from: its name, else its first output's.
  static std::string symbol_base(const Node& node);

  const Model& model_;
  const std::filesystem::path& file_;
  const LoadOptions* options_ = nullptr;
  InferredModel out_;
  std::unordered_map<std::string, TensorType> declared_;
  Sequences sequences_;
  std::vector<std::string> pending_;  // Unbound data-dependent symbols of the current node.
};

}  // namespace graphstat::frontends::onnxfe
