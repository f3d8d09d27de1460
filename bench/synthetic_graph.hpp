#pragma once
// A synthetic ResNet-like graph of any size, for benchmarks: stages of residual blocks, each block
// conv -> batch_norm -> relu -> conv -> batch_norm -> add -> relu, in nested modules.

#include <string>

#include "graphstat/graph.hpp"

namespace graphstat::bench {

inline Graph make_synthetic_graph(std::size_t blocks) {
  Graph g;
  g.name = "synthetic";
  g.reserve_tensors(blocks * 14 + 1);
  const Shape act{1, 64, 56, 56};
  TensorId x = g.add_tensor(Tensor{"input", act});
  g.inputs = {x};
  std::size_t counter = 0;
  auto activation = [&] { return g.add_tensor(Tensor{"t" + std::to_string(counter++), act}); };
  auto param = [&](const std::string& name, Shape shape, TensorRole role = TensorRole::parameter) {
    return g.add_tensor(Tensor{name, std::move(shape), DType::float32, role});
  };
  auto op = [&](const std::string& module, const std::string& kind, std::vector<TensorId> in) {
    const TensorId out = activation();
    g.add_op(OpNode{module + "/" + kind + std::to_string(counter),
                    kind,
                    kind,
                    module,
                    {},
                    std::move(in),
                    {out}});
    return out;
  };
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::string block = "layer" + std::to_string(b / 100) + "." + std::to_string(b % 100);
    auto conv = [&](const std::string& name, TensorId in) {
      return op(block + "." + name, "conv",
                {in, param(block + "." + name + ".weight", {64, 64, 3, 3})});
    };
    auto bn = [&](const std::string& name, TensorId in) {
      const std::string m = block + "." + name;
      return op(m, "batch_norm",
                {in, param(m + ".weight", {64}), param(m + ".bias", {64}),
                 param(m + ".running_mean", {64}, TensorRole::buffer),
                 param(m + ".running_var", {64}, TensorRole::buffer)});
    };
    TensorId y = bn("bn1", conv("conv1", x));
    y = op(block + ".relu", "relu", {y});
    y = bn("bn2", conv("conv2", y));
    y = op(block, "add", {y, x});
    x = op(block + ".relu", "relu", {y});
  }
  g.outputs = {x};
  return g;
}

}  // namespace graphstat::bench
