#include "onnx_functions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "graphstat/error.hpp"
#include "graphstat/printable.hpp"
#include "onnx_scopes.hpp"

namespace graphstat::frontends::onnxfe {
namespace {

std::string parent_path(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? std::string() : name.substr(0, dot);
}

// The longest dotted prefix shared by every path ("layer1.0.conv1", "layer1.0.bn1" -> "layer1.0").
std::string common_module(const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::string common = paths.front();
  for (const auto& p : paths) {
    while (!common.empty() &&
           !(p == common || (p.size() > common.size() && p.compare(0, common.size(), common) == 0 &&
                             p[common.size()] == '.'))) {
      common = parent_path(common);
    }
  }
  return common;
}

class Inliner {
 public:
  Inliner(Model& model, const std::filesystem::path& file, const Limits& limits)
      : model_(model), file_(file), limits_(limits) {
    for (const auto& f : model.functions) functions_[f.domain + "::" + f.name] = &f;
    for (const auto& init : model.graph.initializers) {
      if (is_floating(init.elem)) weights_.insert(init.name);
    }
  }

  void run() {
    if (functions_.empty()) return;
    const ScopeNamer scopes(model_.graph);
    std::deque<Node> flat;
    for (std::size_t k = 0; k < model_.graph.nodes.size(); ++k) {
      Node& node = model_.graph.nodes[k];
      const Function* fn = function_of(node);
      if (fn == nullptr) {
        flat.push_back(std::move(node));
        continue;
      }
      expand(node, *fn, call_module(node, scopes.module_of(node, k)), 0, flat);
    }
    model_.graph.nodes = std::move(flat);
  }

 private:
  const Function* function_of(const Node& node) const {
    auto it = functions_.find(node.domain + "::" + node.op_type);
    return it == functions_.end() ? nullptr : it->second;
  }

  std::string call_module(const Node& call, const std::string& scoped) const {
    std::vector<std::string> modules;
    for (const auto& in : call.inputs) {
      if (weights_.contains(in)) modules.push_back(parent_path(in));
    }
    return modules.empty() ? scoped : common_module(modules);
  }

  void expand(const Node& call, const Function& fn, const std::string& module, std::uint64_t depth,
              std::deque<Node>& out) {
    if (depth >= limits_.max_function_depth) {
      throw_limit(file_,
                  fmt::format("function '{}' called {} calls deep (recursion?)", printable(fn.name),
                              depth + 1),
                  "max_function_depth", limits_.max_function_depth);
    }
    const std::string prefix = fmt::format("{}#{}/", fn.name, ++calls_);
    std::unordered_map<std::string, std::string> bound;
    for (std::size_t k = 0; k < fn.inputs.size(); ++k) bound[fn.inputs[k]] = call.input(k);
    for (std::size_t k = 0; k < fn.outputs.size() && k < call.outputs.size(); ++k) {
      bound[fn.outputs[k]] = call.outputs[k];
    }
    auto rename = [&](const std::string& name) {
      if (name.empty()) return name;
      auto it = bound.find(name);
      return it != bound.end() ? it->second : prefix + name;
    };
    for (const Node& body : fn.nodes) {
      // Every body node counts, a call as much as an op: a chain of calls that double at each
      // level makes no op until the bottom, but its expansion is the blow-up.
      if (++visited_ > limits_.max_function_nodes) {
        throw_limit(file_, "the nodes made by inlining functions", "max_function_nodes",
                    limits_.max_function_nodes);
      }
      Node node = body;
      for (auto& in : node.inputs) in = rename(in);
      for (auto& o : node.outputs) o = rename(o);
      resolve_attribute_refs(call, node);
      if (const Function* inner = function_of(node)) {
        expand(node, *inner, call_module(node, module), depth + 1, out);
        continue;
      }
      std::string node_module = module;
      for (std::size_t k = 1; k < node.inputs.size(); ++k) {
        if (weights_.contains(node.inputs[k])) {
          node_module = parent_path(node.inputs[k]);
          break;
        }
      }
      // The op's own segment must not add a scope level: no '/' in it.
      std::string leaf = fmt::format("{}#{}", body.name.empty() ? body.op_type : body.name, calls_);
      std::replace(leaf.begin(), leaf.end(), '/', '_');
      node.name = node_module.empty() ? leaf : "/" + node_module + "/" + leaf;
      out.push_back(std::move(node));
    }
  }

  // An attribute with ref_attr_name takes the caller's attribute of that name, or is dropped
  // (the operator's default applies) when the caller does not set it.
  static void resolve_attribute_refs(const Node& call, Node& node) {
    std::vector<Attribute> resolved;
    for (auto& a : node.attributes) {
      if (a.ref_attr_name.empty()) {
        resolved.push_back(std::move(a));
        continue;
      }
      if (const Attribute* given = call.attr(a.ref_attr_name)) {
        Attribute copy = *given;
        copy.name = a.name;
        resolved.push_back(std::move(copy));
      }
    }
    node.attributes = std::move(resolved);
  }

  Model& model_;
  const std::filesystem::path& file_;
  std::unordered_map<std::string, const Function*> functions_;
  std::unordered_set<std::string> weights_;
  const Limits& limits_;
  int calls_ = 0;
  std::uint64_t visited_ = 0;
};

}  // namespace

void inline_functions(Model& model, const std::filesystem::path& file, const Limits& limits) {
  Inliner(model, file, limits).run();
}

}  // namespace graphstat::frontends::onnxfe
