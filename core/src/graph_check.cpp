// Structural integrity of a frontend's graph (graph_check.hpp): limits, ids, producers, cycles.
// Channel and rank rules of the canonical ops are in graph_check_shapes.cpp.

#include "graphstat/graph_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/topological_sort.hpp>
#include <iterator>

#include "graph_check_shapes.hpp"
#include "graphstat/error.hpp"
#include "graphstat/printable.hpp"

namespace graphstat {
namespace fs = std::filesystem;

void throw_limit(const fs::path& file, std::string_view what, std::string_view key,
                 std::uint64_t limit) {
  throw Error(fmt::format("{}: {}: over limits.{} = {} (raise it in a config's 'limits:' section)",
                          file.string(), what, key, limit));
}

namespace {

class Checker {
 public:
  Checker(const Graph& graph, const fs::path& file) : graph_(graph), file_(file) {}

  [[noreturn]] void fail(std::string_view problem) const {
    throw Error(fmt::format("{}: {}", file_.string(), problem));
  }

  void limits(const Limits& limits) const {
    if (graph_.op_count() > limits.max_ops) {
      throw_limit(file_, fmt::format("the graph's {} ops", graph_.op_count()), "max_ops",
                  limits.max_ops);
    }
    if (graph_.tensor_count() > limits.max_tensors) {
      throw_limit(file_, fmt::format("the graph's {} tensors", graph_.tensor_count()),
                  "max_tensors", limits.max_tensors);
    }
    for (Graph::OpId id = 0; id < graph_.op_count(); ++id) {
      const std::string& module = graph_.op(id).module;
      if (module.empty()) continue;
      if (module.size() > limits.max_module_path) {
        throw_limit(file_,
                    fmt::format("the module path of op '{}' ({} bytes)", printable(op_name(id)),
                                module.size()),
                    "max_module_path", limits.max_module_path);
      }
      const auto depth = static_cast<std::uint64_t>(std::count(module.begin(), module.end(), '.'));
      if (depth + 1 > limits.max_module_depth) {
        throw_limit(file_,
                    fmt::format("the module path of op '{}' ({} levels)", printable(op_name(id)),
                                depth + 1),
                    "max_module_depth", limits.max_module_depth);
      }
    }
  }

  // Every id in range; one producer per tensor, none for a graph input; no self-reads.
  void structure() {
    producer_.assign(graph_.tensor_count(), kNone);
    for (auto t : graph_.inputs) in_range(t, "graph input list");
    for (Graph::OpId id = 0; id < graph_.op_count(); ++id) {
      const OpNode& op = graph_.op(id);
      for (auto t : op.inputs) {
        if (t != kNoTensor) in_range(t, op_label(id));
      }
      for (auto t : op.outputs) {
        if (t == kNoTensor) continue;
        in_range(t, op_label(id));
        if (producer_[t] == id) {
          fail(fmt::format("{} lists its output '{}' twice", op_label(id), tensor_name(t)));
        }
        if (producer_[t] != kNone) {
          fail(fmt::format("tensor '{}' is produced twice, by {} and {}", tensor_name(t),
                           op_label(producer_[t]), op_label(id)));
        }
        producer_[t] = id;
        if (std::find(op.inputs.begin(), op.inputs.end(), t) != op.inputs.end()) {
          fail(fmt::format("{} reads its own output '{}'", op_label(id), tensor_name(t)));
        }
      }
    }
    for (auto t : graph_.inputs) {
      if (producer_[t] != kNone) {
        fail(fmt::format("graph input '{}' is produced by {}", tensor_name(t),
                         op_label(producer_[t])));
      }
    }
    std::vector<bool> is_output(graph_.tensor_count(), false);
    for (auto t : graph_.outputs) {
      in_range(t, "graph output list");
      if (is_output[t]) fail(fmt::format("graph output '{}' is listed twice", tensor_name(t)));
      is_output[t] = true;
    }
  }

  // Graph::add_op keeps execution order, so a cycle cannot be built through it; checked anyway on
  // the topology that exists, which is what every pass walks.
  void acyclic() const {
    std::vector<Graph::OpId> order;
    order.reserve(graph_.op_count());
    try {
      boost::topological_sort(graph_.topology(), std::back_inserter(order));
    } catch (const boost::not_a_dag&) {
      fail("the graph has a cycle: an op depends on its own output");
    }
  }

 private:
  static constexpr Graph::OpId kNone = static_cast<Graph::OpId>(-1);

  void in_range(TensorId t, std::string_view where) const {
    if (t >= graph_.tensor_count()) {
      fail(fmt::format("{} refers to tensor id {}, which does not exist", where, t));
    }
  }
  std::string op_name(Graph::OpId id) const { return graph_.op(id).name; }
  std::string op_label(Graph::OpId id) const {
    return fmt::format("op '{}'", printable(graph_.op(id).name));
  }
  std::string tensor_name(TensorId t) const { return printable(graph_.tensor(t).name); }

  const Graph& graph_;
  const fs::path& file_;
  std::vector<Graph::OpId> producer_;
};

}  // namespace

void check_graph(const Graph& graph, const fs::path& file, const Limits& limits) {
  Checker checker(graph, file);
  checker.limits(limits);
  checker.structure();
  checker.acyclic();
  check_op_shapes(graph, file);
}

}  // namespace graphstat
