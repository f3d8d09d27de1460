#pragma once
/// Turns the forward method of a loaded TorchScript module into graphstat's graph IR.

#include <torch/csrc/jit/api/module.h>

#include <filesystem>

#include "graphstat/frontend.hpp"
#include "graphstat/graph.hpp"

namespace graphstat::frontends::torchscript {

/// Inlines forward, evaluates it node by node on meta tensors (op_evaluator.hpp) with the input
/// shapes of `options`, and emits one op per aten node that is not scalar or list plumbing, each
/// owned by the module whose forward ran it (module_path.hpp). Parameters and buffers are named by
/// their attribute chain ("layer1.0.conv1.weight"). Control flow (prim::If, prim::Loop) is followed
/// the way it runs. Errors are graphstat::Error naming `file`.
Graph convert_module(torch::jit::Module& module, const LoadOptions& options,
                     const std::filesystem::path& file);

}  // namespace graphstat::frontends::torchscript
