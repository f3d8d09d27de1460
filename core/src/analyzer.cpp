#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "graphstat/analysis.hpp"
#include "graphstat/checked.hpp"
#include "graphstat/error.hpp"
#include "graphstat/op_repeat.hpp"

namespace graphstat {

OpMeasure measure_memory(const Graph& graph, Graph::OpId op) {
  OpMeasure m;
  const OpNode& node = graph.op(op);
  for (auto id : node.inputs) {
    if (id == kNoTensor) continue;
    const Tensor& t = graph.tensor(id);
    m.resolved = m.resolved && t.is_static();
    const bool weight = t.role == TensorRole::parameter || t.role == TensorRole::buffer;
    checked_add_to(weight ? m.weight_bytes : m.input_bytes, t.bytes(), node.name);
  }
  for (auto id : node.outputs) {
    if (id == kNoTensor) continue;
    const Tensor& t = graph.tensor(id);
    m.resolved = m.resolved && t.is_static();
    checked_add_to(m.output_bytes, t.bytes(), node.name);
  }
  if (node.attrs.contains(kRepeatWaitsOnAttr) || node.attrs.contains(kCostWaitsOnAttr))
    m.resolved = false;
  if (auto repeat = node.attr_int(kRepeatAttr); repeat && m.resolved) {
    const std::uint64_t times = dim_count(*repeat, node.name);
    m.input_bytes = checked_mul(m.input_bytes, times, node.name);
    m.output_bytes = checked_mul(m.output_bytes, times, node.name);
    m.weight_bytes = checked_mul(m.weight_bytes, times, node.name);
  }
  return m;
}

namespace {

OpView view_of(const Graph& graph, const OpNode& node) {
  OpView view{node, {}, {}};
  view.inputs.reserve(node.inputs.size());
  for (auto id : node.inputs) view.inputs.push_back(id == kNoTensor ? nullptr : &graph.tensor(id));
  view.outputs.reserve(node.outputs.size());
  for (auto id : node.outputs)
    view.outputs.push_back(id == kNoTensor ? nullptr : &graph.tensor(id));
  return view;
}

std::string_view shown_op(const OpNode& node) {
  return node.source_op.empty() ? std::string_view(node.op) : std::string_view(node.source_op);
}

// A figure of 2^63 or more is no count a model has: it is a negative number a plugin computed in
// signed arithmetic, or an overflow it did not check. Either way the figure is wrong, not huge.
void check_figure(std::uint64_t value, std::string_view what) {
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw Error(fmt::format("returned {} {} (as signed, {}): a negative or overflowed count", what,
                            value, static_cast<std::int64_t>(value)));
  }
}

}  // namespace

PricedGraph price_graph(const Graph& graph, const PluginRegistry& plugins, bool strict) {
  PricedGraph priced;
  priced.ops.reserve(graph.op_count());
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpNode& node = graph.op(id);
    OpMeasure m = measure_memory(graph, id);
    if (!m.resolved) {
      std::vector<TensorId> operands = node.inputs;
      operands.insert(operands.end(), node.outputs.begin(), node.outputs.end());
      std::vector<std::string> waits = symbols_waited_on(graph, operands);
      for (const std::string_view key : {kRepeatWaitsOnAttr, kCostWaitsOnAttr}) {
        const auto symbols = node.attr_string(key);
        if (!symbols) continue;
        for (std::size_t at = 0; at <= symbols->size();) {
          const std::size_t comma = std::min(symbols->find(',', at), symbols->size());
          if (comma > at) waits.push_back(symbols->substr(at, comma - at));
          at = comma + 1;
        }
      }
      std::sort(waits.begin(), waits.end());
      waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
      UnresolvedOp op{node.name, std::string(shown_op(node)), node.module, std::move(waits)};
      if (strict) {
        throw Error(
            fmt::format("op '{}' ({}) waits on the unbound dims {} (--strict); bind them "
                        "with --dim NAME=VALUE",
                        node.name, op.source_op, fmt::join(op.waits_on, ", ")));
      }
      priced.unresolved.push_back(std::move(op));
    } else if (const auto* entry = plugins.cost_model_for(node.op)) {
      try {
        const OpCost cost = entry->model->cost(view_of(graph, node));
        check_figure(cost.macs, "MACs");
        check_figure(cost.flops, "FLOPs");
        m.macs = cost.macs;
        m.flops = cost.flops;
        if (auto repeat = node.attr_int(kRepeatAttr)) {
          const std::uint64_t times = dim_count(*repeat, node.name);
          m.macs = checked_mul(m.macs, times, node.name);
          m.flops = checked_mul(m.flops, times, node.name);
        }
        m.priced = true;
      } catch (const std::exception& e) {
        // Caught while the plugin's library is loaded; rethrown as the core's own error type.
        throw Error(fmt::format("cost model '{}' failed on op '{}' ({}): {}", entry->plugin,
                                node.name, shown_op(node), e.what()));
      } catch (...) {
        // Not even a std::exception: still an error naming the plugin, never a terminate().
        throw Error(fmt::format("cost model '{}' failed on op '{}' ({}): a non-standard exception",
                                entry->plugin, node.name, shown_op(node)));
      }
    } else {
      if (strict) {
        throw Error(
            fmt::format("op '{}' ({}, canonical '{}') is priced by no cost model (--strict)",
                        node.name, shown_op(node), node.op));
      }
      ++priced.unsupported_ops[std::string(shown_op(node))];
    }
    priced.ops.push_back(m);
  }
  return priced;
}

}  // namespace graphstat
