#pragma once

#include <torch/csrc/jit/ir/ir.h>

#include <filesystem>
#include <string>
#include <unordered_map>

#include "graphstat/frontend.hpp"

namespace graphstat::frontends::torchscript {

/// For each node of an inlined graph, the dotted path of the module whose forward ran it.
using ModulePaths = std::unordered_map<const torch::jit::Node*, std::string>;

/// Inlines every prim::CallMethod and prim::CallFunction of `graph` (input 0 is the model's
/// `self`) and returns the module path of every node ("blocks.0.attn.qkv"). A method call's path is
/// the attribute chain of the object it is called on, read before inlining, so the index levels of
/// nn.ModuleList and nn.Sequential stay ("blocks.0", not "0": libtorch's own inliner records only
/// the last attribute name). A functional call, or a method called on an object that is not an
/// attribute chain, stays with its caller: ResNet's residual add belongs to "layer1.0". "" is the
/// model itself. More than limits.max_inlined_calls calls (recursion unrolled by the scripting,
/// or a hostile file) is an error naming `file`.
ModulePaths inline_with_module_paths(torch::jit::Graph& graph, const std::filesystem::path& file,
                                     const Limits& limits);

}  // namespace graphstat::frontends::torchscript
