#include "onnx_references.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_set>
#include <vector>

#include "graphstat/error.hpp"
#include "graphstat/printable.hpp"

namespace graphstat::frontends::onnxfe {
namespace {

using Names = std::unordered_set<std::string_view>;

// The names of the enclosing graphs, innermost last. Views into the model, which outlives the walk;
// the depth is bounded by limits.max_subgraph_depth, enforced when the file was read.
class ReferenceChecker {
 public:
  explicit ReferenceChecker(const std::filesystem::path& file) : file_(file) {}

  void check(const OnnxGraph& graph) {
    // Every name this graph gives, wherever its producer sits: the order of nodes is not this
    // check's business, only that the name exists.
    Names given;
    for (const auto& v : graph.inputs) given.insert(v.name);
    for (const auto& t : graph.initializers) given.insert(t.name);
    for (const auto& node : graph.nodes) {
      for (const auto& o : node.outputs) given.insert(o);
    }
    scopes_.push_back(&given);
    std::size_t index = 0;
    for (const auto& node : graph.nodes) {
      for (const auto& in : node.inputs) {
        if (!in.empty() && !in_scope(in)) refuse_input(graph, node, index, in);
      }
      ++index;
      for (const auto& a : node.attributes) {
        if (a.g) check(*a.g);
      }
    }
    for (const auto& out : graph.outputs) {
      if (!in_scope(out.name)) {
        throw Error(
            fmt::format("{}: graph '{}' has the output '{}', which no node, input or "
                        "initializer gives",
                        file_.string(), printable(graph.name), printable(out.name)));
      }
    }
    scopes_.pop_back();
  }

 private:
  bool in_scope(std::string_view name) const {
    for (const Names* scope : scopes_) {
      if (scope->contains(name)) return true;
    }
    return false;
  }

  // A node without a name (common: the name is optional) is named by its position.
  [[noreturn]] void refuse_input(const OnnxGraph& graph, const Node& node, std::size_t index,
                                 const std::string& name) const {
    const std::string label =
        node.name.empty() ? fmt::format("#{}", index) : fmt::format("'{}'", printable(node.name));
    throw Error(fmt::format(
        "{}: node {} ({}) in graph '{}' reads '{}', which no node, input or "
        "initializer gives",
        file_.string(), label, printable(node.op_type), printable(graph.name), printable(name)));
  }

  const std::filesystem::path& file_;
  std::vector<const Names*> scopes_;
};

}  // namespace

void check_references(const Model& model, const std::filesystem::path& file) {
  ReferenceChecker(file).check(model.graph);
}

}  // namespace graphstat::frontends::onnxfe
