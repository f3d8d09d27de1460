#pragma once
// Inlines model-local functions (torch.onnx.export(..., export_modules_as_functions=...)): each
// call becomes its function's body with the call's tensors bound to the formal inputs and
// outputs, internal tensors renamed per call, and attributes that reference the caller's
// (ref_attr_name) resolved.
//
// Module paths: torch 1.13 writes function bodies unscoped ("Conv_72"), and the call's own scope
// is unreliable ("/layer1/layer1.0/relu/BasicBlock" for the block layer1.0). What does name the
// modules is the parameters a call is given: a body op that reads one belongs to that parameter's
// module ("layer1.0.conv1.weight" -> layer1.0.conv1), and the call itself to the longest module
// path all its parameters share (layer1.0), which also owns the body's parameterless ops.

#include <filesystem>

#include "graphstat/frontend.hpp"
#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

/// Replaces every call of a function of `model.functions` in the main graph by its body. Inlined
/// nodes get scoped names ("/layer1.0.conv1/Conv_72") that ScopeNamer maps to their module.
/// Throws graphstat::Error naming the file when calls nest deeper than limits.max_function_depth
/// (recursion) or the expansion visits more than limits.max_function_nodes nodes (a function that
/// calls another twice, 30 levels down, would make 2^31).
void inline_functions(Model& model, const std::filesystem::path& file, const Limits& limits = {});

}  // namespace graphstat::frontends::onnxfe
