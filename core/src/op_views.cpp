// The audit views: totals per op type (--by-op) and every op in order (--ops).

#include <algorithm>
#include <map>

#include "graphstat/analysis.hpp"
#include "graphstat/checked.hpp"

namespace graphstat {
namespace {

std::vector<std::string> shapes_of(const Graph& graph, const std::vector<TensorId>& tensors) {
  std::vector<std::string> out;
  out.reserve(tensors.size());
  for (TensorId id : tensors) {
    // "-" keeps the operand positions readable when an optional one (a bias) is absent.
    out.push_back(id == kNoTensor ? std::string("-") : format_tensor_shape(graph.tensor(id)));
  }
  return out;
}

}  // namespace

std::vector<OpTypeTotals> totals_by_op(const Graph& graph, const std::vector<OpMeasure>& measures,
                                       Metric metric) {
  std::map<std::string, OpTypeTotals, std::less<>> by_name;
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpNode& node = graph.op(id);
    const OpMeasure& m = measures.at(id);
    OpTypeTotals& t = by_name[node.op];
    t.op = node.op;
    t.count += 1;
    checked_add_to(t.macs, m.macs, node.op);
    checked_add_to(t.flops, m.flops, node.op);
    checked_add_to(t.input_bytes, m.input_bytes, node.op);
    checked_add_to(t.output_bytes, m.output_bytes, node.op);
    checked_add_to(t.weight_bytes, m.weight_bytes, node.op);
    if (!m.resolved) {
      t.unresolved += 1;
    } else if (!m.priced) {
      t.unpriced += 1;
    }
    t.seconds += m.seconds;
  }
  std::vector<OpTypeTotals> out;
  out.reserve(by_name.size());
  for (auto& [name, totals] : by_name) out.push_back(std::move(totals));
  const auto value = [metric](const OpTypeTotals& t) {
    return metric == Metric::macs ? t.macs : t.flops;
  };
  // Largest first; then by memory, which orders the many zero-MAC types usefully; then by name.
  std::stable_sort(out.begin(), out.end(), [&](const OpTypeTotals& a, const OpTypeTotals& b) {
    if (value(a) != value(b)) return value(a) > value(b);
    if (a.memory_bytes() != b.memory_bytes()) return a.memory_bytes() > b.memory_bytes();
    return a.op < b.op;
  });
  return out;
}

std::vector<OpRecord> op_records(const Graph& graph, const std::vector<OpMeasure>& measures) {
  std::vector<OpRecord> out;
  out.reserve(graph.op_count());
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpNode& node = graph.op(id);
    const OpMeasure& m = measures.at(id);
    out.push_back(OpRecord{
        id, node.name, node.op, node.source_op.empty() ? node.op : node.source_op, node.module,
        shapes_of(graph, node.inputs), shapes_of(graph, node.outputs), m.macs, m.flops,
        m.input_bytes, m.output_bytes, m.weight_bytes, m.priced, m.resolved, m.seconds});
  }
  return out;
}

}  // namespace graphstat
