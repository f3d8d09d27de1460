#include "module_path.hpp"

#include <torch/csrc/jit/ir/scope.h>

namespace graphstat::frontends::torchscript {

std::string module_path(const torch::jit::Node& node) {
  const auto callstack = node.callstack();
  if (!callstack) return "";
  std::string path;
  // Outermost call first. A method calling another method of the same module ("SELF") or a call
  // the inliner could not name adds no level.
  for (const auto& entry : (*callstack)->vec()) {
    const auto& instance = std::get<2>(entry);
    if (!instance) continue;
    const std::string name = instance->instance_name();
    if (name.empty() || name == "SELF" || name == "INSTANCE_NAME_UNKNOWN") continue;
    if (!path.empty()) path += '.';
    path += name;
  }
  return path;
}

}  // namespace graphstat::frontends::torchscript
