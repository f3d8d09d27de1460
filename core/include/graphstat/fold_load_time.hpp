#pragma once
/// Load-time work is not inference cost. A rotary embedding's cos/sin table computed from
/// `torch.arange`, a causal mask made by `~self.mask[:t, :t]` or `torch.ones(t, t).triu()`: a
/// TorchScript file records these ops, while `torch.onnx.export` has already folded them into
/// Constant nodes, and every inference runtime computes them once when it loads the model. This
/// pass removes such ops, whatever the frontend, so one model gives the same rows from .pt and
/// .onnx (docs/cost-model.md, "Load-time constants").
///
/// An op is load-time when it reads no activation and no weight: each input is a constant, a
/// non-floating-point buffer (an index or mask buffer: the ONNX exporter stores those as the
/// integer and bool initializers its frontend treats as plumbing) or the output of another
/// load-time op. `range` and `constant_of_shape` (torch.zeros_like(ids) reads only the shape of
/// ids) are load-time whatever they read; any other op with no input (a random generator) is not. Weights are never folded: an op on a parameter or a
/// float buffer stays priced, as it is from ONNX. Neither are ops no cost model prices (they stay
/// listed as unsupported), ops whose output shape is not static, nor ops writing a graph output.
/// The outputs of a removed op become constants that their readers read.

#include <cstddef>
#include <functional>

#include "graphstat/graph.hpp"

namespace graphstat {

/// Removes the load-time ops `priced` accepts; returns how many. A graph without one is left
/// untouched.
std::size_t fold_load_time(Graph& graph, const std::function<bool(const OpNode&)>& priced);

}  // namespace graphstat
