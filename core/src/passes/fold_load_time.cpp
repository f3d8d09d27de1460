// Removes the ops a runtime runs once at load time (fold_load_time.hpp).

#include "graphstat/fold_load_time.hpp"

#include <algorithm>
#include <vector>

#include "graphstat/op_filter.hpp"

namespace graphstat {

namespace {

bool is_floating(DType dtype) {
  switch (dtype) {
    case DType::float32:
    case DType::float16:
    case DType::bfloat16:
    case DType::float64:
    case DType::complex64:
    case DType::complex128:
      return true;
    default:
      return false;
  }
}

// Known without running the model: a constant, or an index or mask buffer.
bool known_at_load(const Tensor& t) {
  return t.role == TensorRole::constant || (t.role == TensorRole::buffer && !is_floating(t.dtype));
}

// Ops that make a tensor from their attributes and their inputs' shapes alone. Any other op
// without inputs (a random generator, say) does work at every run.
bool makes_constant(const OpNode& node) {
  return node.op == "range" || node.op == "constant_of_shape";
}

}  // namespace

std::size_t fold_load_time(Graph& graph, const std::function<bool(const OpNode&)>& priced) {
  std::vector<bool> at_load(graph.tensor_count(), false);
  for (TensorId t = 0; t < graph.tensor_count(); ++t) at_load[t] = known_at_load(graph.tensor(t));
  std::vector<bool> graph_output(graph.tensor_count(), false);
  for (const TensorId t : graph.outputs) graph_output[t] = true;

  std::vector<bool> folded(graph.op_count(), false);
  std::size_t count = 0;
  // Ops are in execution order, so a chain of load-time ops folds in one sweep.
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpNode& node = graph.op(id);
    const bool any_input = std::any_of(node.inputs.begin(), node.inputs.end(),
                                       [](TensorId t) { return t != kNoTensor; });
    const bool inputs_at_load =
        std::all_of(node.inputs.begin(), node.inputs.end(),
                    [&](TensorId t) { return t == kNoTensor || at_load[t]; });
    const bool outputs_foldable =
        !node.outputs.empty() &&
        std::all_of(node.outputs.begin(), node.outputs.end(), [&](TensorId t) {
          return t != kNoTensor && !graph_output[t] && graph.tensor(t).is_static();
        });
    // range and constant_of_shape read at most their inputs' shapes (zeros_like(ids)), never
    // their data: a static output is known at load time whatever they read.
    const bool at_load_op = makes_constant(node) || (inputs_at_load && any_input);
    if (!at_load_op || !outputs_foldable || !priced(node)) continue;
    folded[id] = true;
    ++count;
    for (const TensorId t : node.outputs) at_load[t] = true;
  }
  if (count == 0) return 0;

  // keep_ops keeps every tensor with its id; the removed ops' outputs lose their producer and
  // become constants.
  std::vector<bool> keep(folded.size());
  for (std::size_t id = 0; id < folded.size(); ++id) keep[id] = !folded[id];
  Graph out = keep_ops(graph, keep);
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    if (!folded[id]) continue;
    for (const TensorId t : graph.op(id).outputs) out.tensor(t).role = TensorRole::constant;
  }
  graph = std::move(out);
  return count;
}

}  // namespace graphstat
