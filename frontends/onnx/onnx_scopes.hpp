#pragma once
// Module paths from the scoped node names torch.onnx.export writes:
//   /layer1/layer1.0/conv1/Conv      -> layer1.0.conv1
//   /layer1/layer1.0/relu_1/Relu     -> layer1.0.relu   (the module's second call)
//   /layer1/layer1.0/Add             -> layer1.0        (a functional op of the block)
//   /encoder/layers/encoder_layer_0/mlp/mlp.0/MatMul -> encoder.layers.encoder_layer_0.mlp.0
// Each scope segment is the child's name as its parent's forward saw it; Sequential children
// repeat the parent's name ("layer1.0" under "layer1"), others do not ("conv1" under "layer1.0").

#include <string>
#include <unordered_set>

#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

class ScopeNamer {
 public:
  explicit ScopeNamer(const OnnxGraph& graph);

  /// The dotted module path of a node; "" (the model) for an unscoped node of a scoped graph. When
  /// no node of the graph is scoped (other exporters), each node is its own top-level module, named
  /// after the node, so the table still breaks the model down.
  std::string module_of(const Node& node, std::size_t index) const;

 private:
  std::unordered_set<std::string> raw_paths_;  // Every scope prefix as written, call suffixes kept.
  bool scoped_ = false;
};

}  // namespace graphstat::frontends::onnxfe
