#pragma once
/// Builds small graphs for core tests in a few readable lines:
///
///     GraphBuilder b;
///     auto x = b.activation("x", {1, 3, 8, 8});
///     auto w = b.parameter("conv.weight", {4, 3, 3, 3});
///     auto y = b.op("conv", "conv", {x, w}, {1, 4, 6, 6});

#include <string>
#include <vector>

#include "graphstat/graph.hpp"

namespace graphstat::test {

class GraphBuilder {
 public:
  TensorId activation(const std::string& name, Shape shape) {
    return graph_.add_tensor(
        Tensor{name, std::move(shape), DType::float32, TensorRole::activation});
  }
  TensorId parameter(const std::string& name, Shape shape) {
    return graph_.add_tensor(Tensor{name, std::move(shape), DType::float32, TensorRole::parameter});
  }
  TensorId buffer(const std::string& name, Shape shape) {
    return graph_.add_tensor(Tensor{name, std::move(shape), DType::float32, TensorRole::buffer});
  }

  /// Adds op `op` in `module` reading `inputs` and writing one new float32 tensor of `out_shape`.
  TensorId op(const std::string& op, const std::string& module, std::vector<TensorId> inputs,
              Shape out_shape) {
    const std::string name =
        (module.empty() ? op : module + "." + op) + "#" + std::to_string(count_++);
    const TensorId out = activation(name + ":0", std::move(out_shape));
    OpNode node;
    node.name = name;
    node.op = op;
    node.source_op = "test::" + op;
    node.module = module;
    node.inputs = std::move(inputs);
    node.outputs = {out};
    graph_.add_op(std::move(node));
    return out;
  }

  Graph& graph() { return graph_; }

 private:
  Graph graph_;
  int count_ = 0;
};

}  // namespace graphstat::test
