#include "graphstat/live_memory.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "graphstat/checked.hpp"

namespace graphstat {
namespace {

// Canonical ops whose result is a view of their first input in every runtime graphstat reads
// (PyTorch views, ONNX Runtime's in-place reshapes).
bool keeps_input_storage(const OpNode& op) {
  static constexpr std::array<std::string_view, 5> kViews = {"reshape", "flatten", "squeeze",
                                                             "unsqueeze", "identity"};
  return !op.inputs.empty() && op.inputs[0] != kNoTensor && op.outputs.size() == 1 &&
         std::find(kViews.begin(), kViews.end(), op.op) != kViews.end();
}

}  // namespace

LiveMemory live_activation_memory(const Graph& graph) {
  const std::size_t ops = graph.op_count();
  LiveMemory result;
  result.live_at_op.assign(ops, 0);
  if (ops == 0) return result;

  // Each activation's storage: itself, or the storage its view op reads.
  const std::size_t tensors = graph.tensor_count();
  std::vector<TensorId> storage(tensors);
  for (TensorId t = 0; t < tensors; ++t) storage[t] = t;
  // Last op that touches each storage (reads it, or reads or writes one of its views).
  constexpr std::size_t kNever = static_cast<std::size_t>(-1);
  std::vector<std::size_t> last_use(tensors, kNever);
  auto touch = [&](TensorId t, std::size_t op) {
    std::size_t& last = last_use[storage[t]];
    last = last == kNever ? op : std::max(last, op);
  };
  for (Graph::OpId id = 0; id < ops; ++id) {
    const OpNode& op = graph.op(id);
    for (TensorId t : op.inputs) {
      if (t != kNoTensor) touch(t, id);
    }
    if (keeps_input_storage(op) && graph.tensor(op.inputs[0]).role == TensorRole::activation) {
      storage[op.outputs[0]] = storage[op.inputs[0]];
    }
    for (TensorId t : op.outputs) touch(t, id);
  }
  for (TensorId t : graph.outputs) last_use[storage[t]] = ops - 1;

  // Bytes allocated before op k runs (born[k]) and freed after it (freed[k]); then one sweep.
  std::vector<std::uint64_t> born(ops, 0), freed(ops, 0);
  for (TensorId t = 0; t < tensors; ++t) {
    const Tensor& tensor = graph.tensor(t);
    if (storage[t] != t || tensor.role != TensorRole::activation || last_use[t] == kNever) continue;
    if (!tensor.is_static()) continue;  // Unknown size: 0 bytes, a lower bound.
    const auto producer = graph.producer(t);
    const std::size_t first = producer ? static_cast<std::size_t>(*producer) : 0;
    const std::uint64_t bytes = tensor.bytes();
    checked_add_to(born[first], bytes, "live activation bytes");
    checked_add_to(freed[std::max(first, last_use[t])], bytes, "live activation bytes");
  }
  std::uint64_t live = 0;
  for (std::size_t k = 0; k < ops; ++k) {
    checked_add_to(live, born[k], "live activation bytes");
    result.live_at_op[k] = live;
    result.peak = std::max(result.peak, live);
    live -= freed[k];
  }
  return result;
}

}  // namespace graphstat
