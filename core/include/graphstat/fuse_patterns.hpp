#pragma once
/// One granularity whatever the frontend: rewrites the decomposed forms exporters write (ONNX's
/// ReduceMean/Sub/Pow/.../Add layer norm, its Erf-based gelu, the dozen ops torch.onnx.export
/// makes of nn.MultiheadAttention, MatMul of a transposed weight plus a bias add) into the one
/// canonical op the TorchScript frontend already gives for the same module (docs/design.md,
/// "Fused patterns"; the memory convention is in docs/cost-model.md).
///
/// A fused op keeps the common module of its ops, reads the pattern's external inputs and
/// parameters and writes its external outputs; the intermediate tensors disappear. A pattern is
/// fused only when its shapes are static and fit, and when no intermediate tensor is read outside
/// the pattern or is a graph output. Ops that are the identity at inference (dropout, a slice that
/// keeps every element) are removed, their readers reading their input.

#include <cstddef>
#include <map>
#include <string>

#include "graphstat/graph.hpp"

namespace graphstat {

/// How many patterns of each kind were fused, by the canonical op they became.
using FusionCounts = std::map<std::string, std::size_t>;

/// Rewrites `graph` in place; a graph without a pattern is left untouched. Run by the CLI right
/// after a frontend loads a model, so that a report and `graphstat convert` see the same graph.
FusionCounts fuse_patterns(Graph& graph);

}  // namespace graphstat
