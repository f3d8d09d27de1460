#include "module_path.hpp"

#include <torch/csrc/jit/api/function_impl.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <vector>

namespace graphstat::frontends::torchscript {
namespace {

using torch::jit::Block;
using torch::jit::Node;
using torch::jit::Value;

// "blocks.0" for the value self.blocks[0]: the GetAttr chain from the graph's `self`.
std::optional<std::string> attribute_chain(const Value* v, const Value* self) {
  std::vector<std::string> names;
  while (v != self) {
    const Node* node = v->node();
    if (node->kind() != c10::prim::GetAttr) return std::nullopt;
    names.push_back(node->s(c10::attr::name));
    v = node->input();
  }
  std::string path;
  for (auto name = names.rbegin(); name != names.rend(); ++name) {
    if (!path.empty()) path += '.';
    path += *name;
  }
  return path;
}

Node* first_call(Block* block) {
  for (Node* node : block->nodes()) {
    if (node->kind() == c10::prim::CallMethod || node->kind() == c10::prim::CallFunction) {
      return node;
    }
    for (Block* inner : node->blocks()) {
      if (Node* found = first_call(inner)) return found;
    }
  }
  return nullptr;
}

void tag(Node* node, const std::string& path, ModulePaths& paths) {
  paths[node] = path;
  for (Block* inner : node->blocks()) {
    for (Node* n : inner->nodes()) tag(n, path, paths);
  }
}

torch::jit::GraphFunction& callee(const Node& call) {
  torch::jit::Function* function = nullptr;
  if (call.kind() == c10::prim::CallFunction) {
    function = call.input(0)->type()->expectRef<c10::FunctionType>().function();
  } else if (const auto type = call.input(0)->type()->cast<c10::ClassType>()) {
    function = &type->getMethod(call.s(c10::attr::name));
  }
  torch::jit::GraphFunction* graph_function =
      function == nullptr ? nullptr : torch::jit::tryToGraphFunction(*function);
  if (graph_function == nullptr) {
    throw std::runtime_error(std::string(call.kind().toQualString()) +
                             " calls code graphstat cannot inline");
  }
  return *graph_function;
}

}  // namespace

ModulePaths inline_with_module_paths(torch::jit::Graph& graph, const std::filesystem::path& file,
                                     const Limits& limits) {
  ModulePaths paths;
  const Value* self = graph.inputs().at(0);
  std::uint64_t inlined = 0;
  while (Node* call = first_call(graph.block())) {
    if (++inlined > limits.max_inlined_calls) {
      throw_limit(file, "the method and function calls to inline", "max_inlined_calls",
                  limits.max_inlined_calls);
    }
    const auto caller = paths.find(call);
    std::string path = caller == paths.end() ? std::string() : caller->second;
    // A method of a module takes the module's path; one of a script class object (torchvision's
    // BoxCoder, a module attribute) runs in its caller's module, as the ONNX export scopes it.
    const auto owner = call->kind() == c10::prim::CallMethod
                           ? call->input(0)->type()->cast<c10::ClassType>()
                           : nullptr;
    if (owner && owner->is_module()) {
      if (auto chain = attribute_chain(call->input(0), self)) path = std::move(*chain);
    }
    torch::jit::GraphFunction& function = callee(*call);
    // A function call's first input is the function itself, not an argument of its graph.
    if (call->kind() == c10::prim::CallFunction) call->removeInput(0);
    Node* before = call->prev();
    Node* after = call->next();
    paths.erase(call);
    // The callee's own graph, not its optimized_graph(): that one is inlined already, by libtorch's
    // inliner, and would lose the paths of the calls inside it.
    torch::jit::inlineCallTo(call, &function, function.graph().get());
    for (Node* node = before->next(); node != after; node = node->next()) tag(node, path, paths);
  }
  return paths;
}

}  // namespace graphstat::frontends::torchscript
