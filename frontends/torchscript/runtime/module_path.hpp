#pragma once

#include <torch/csrc/jit/ir/ir.h>

#include <string>

namespace graphstat::frontends::torchscript {

/// Dotted path of the module whose forward ran `node` ("layer1.0.relu"), read from the call stack
/// the inliner records: each inlined prim::CallMethod adds the attribute name of the submodule it
/// called. A functional op (a residual add) sits in the forward of the module that called it, so it
/// belongs to that module. "" is the model itself.
std::string module_path(const torch::jit::Node& node);

}  // namespace graphstat::frontends::torchscript
