#include "graphstat/json_graph_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>

#include "graphstat/error.hpp"

namespace graphstat {
namespace {

// JSON string literal with the escapes RFC 8259 requires.
std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

// fmt's "{}" prints the shortest text that reads back as the same double.
std::string number(double d) {
  // JSON has no NaN or infinity; they travel as strings, which readers treat as non-numbers.
  if (!std::isfinite(d)) return quoted(fmt::format("{}", d));
  std::string text = fmt::format("{}", d);
  // Keep a marker of floatness so a reader does not take 2.0 for the integer 2.
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

struct AttrText {
  std::string operator()(std::int64_t v) const { return std::to_string(v); }
  std::string operator()(double v) const { return number(v); }
  std::string operator()(const std::string& v) const { return quoted(v); }
  std::string operator()(const std::vector<std::int64_t>& v) const {
    return fmt::format("[{}]", fmt::join(v, ","));
  }
  std::string operator()(const std::vector<double>& v) const {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      out += number(v[i]);
    }
    return out + "]";
  }
};

std::string names(const Graph& graph, const std::vector<TensorId>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += ids[i] == kNoTensor ? "\"\"" : quoted(graph.tensor(ids[i]).name);
  }
  return out + "]";
}

std::string waits_json(const std::vector<std::string>& waits_on) {
  std::string waits;
  for (const auto& w : waits_on) waits += (waits.empty() ? "" : ",") + quoted(w);
  return fmt::format("\"waits_on\":[{}]", waits);
}

// Concrete dims as numbers, symbolic ones by name, so that the graph reads back the same. A shape
// of unknown rank is null, with what it waits on; so is a shape of known dims that still waits on
// a symbol no dim names (x[:int(x.median())] on a stand-in the slice clamped).
std::string shape_json(const Tensor& t) {
  if (t.is_static()) return fmt::format("[{}]", fmt::join(t.shape, ","));
  if (!t.symbolic->rank_known) return "null," + waits_json(t.symbolic->waits_on);
  std::string out = "[";
  for (std::size_t d = 0; d < t.shape.size(); ++d) {
    if (d) out += ',';
    const bool named = d < t.symbolic->dims.size() && !t.symbolic->dims[d].empty();
    out += named ? quoted(t.symbolic->dims[d]) : std::to_string(t.shape[d]);
  }
  out += "]";
  const auto& dims = t.symbolic->dims;
  const bool unnamed_wait = std::any_of(
      t.symbolic->waits_on.begin(), t.symbolic->waits_on.end(),
      [&](const std::string& w) { return std::find(dims.begin(), dims.end(), w) == dims.end(); });
  return unnamed_wait ? out + "," + waits_json(t.symbolic->waits_on) : out;
}

}  // namespace

void write_json_graph(const Graph& graph, std::ostream& out) {
  auto it = std::ostreambuf_iterator<char>(out);
  fmt::format_to(it, "{{\"format\":\"graphstat-graph\",\"version\":1,\"model\":{},\n",
                 quoted(graph.name));
  fmt::format_to(it, "\"inputs\":{},\"outputs\":{},\n\"tensors\":[\n", names(graph, graph.inputs),
                 names(graph, graph.outputs));
  for (TensorId id = 0; id < graph.tensor_count(); ++id) {
    const Tensor& t = graph.tensor(id);
    // "trainable" only where the source file said (a TorchScript parameter's requires_grad).
    const std::string trainable =
        t.trainable ? fmt::format(",\"trainable\":{}", *t.trainable) : std::string();
    fmt::format_to(it, "{{\"name\":{},\"shape\":{},\"dtype\":\"{}\",\"role\":\"{}\"{}}}{}\n",
                   quoted(t.name), shape_json(t), dtype_name(t.dtype), role_name(t.role), trainable,
                   id + 1 < graph.tensor_count() ? "," : "");
  }
  out << "],\n\"nodes\":[\n";
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpNode& n = graph.op(id);
    fmt::format_to(
        it, "{{\"name\":{},\"op\":{},\"source_op\":{},\"module\":{},\"inputs\":{},\"outputs\":{}",
        quoted(n.name), quoted(n.op), quoted(n.source_op), quoted(n.module), names(graph, n.inputs),
        names(graph, n.outputs));
    if (!n.attrs.empty()) {
      out << ",\"attrs\":{";
      bool first = true;
      for (const auto& [key, value] : n.attrs) {
        fmt::format_to(it, "{}{}:{}", first ? "" : ",", quoted(key), std::visit(AttrText{}, value));
        first = false;
      }
      out << '}';
    }
    out << (id + 1 < graph.op_count() ? "},\n" : "}\n");
  }
  out << "]";
  if (!graph.bindings.empty()) {
    out << ",\n\"bindings\":[";
    for (std::size_t i = 0; i < graph.bindings.size(); ++i) {
      const DimBinding& b = graph.bindings[i];
      fmt::format_to(it, "{}{{\"name\":{},\"value\":{},\"defaulted\":{}", i ? "," : "",
                     quoted(b.name), b.value, b.defaulted);
      if (!b.pattern.empty()) fmt::format_to(it, ",\"pattern\":{}", quoted(b.pattern));
      out << '}';
    }
    out << "]";
  }
  if (!graph.notes.empty()) {
    out << ",\n\"notes\":[";
    for (std::size_t i = 0; i < graph.notes.size(); ++i)
      out << (i ? "," : "") << quoted(graph.notes[i]);
    out << "]";
  }
  out << "}\n";
}

}  // namespace graphstat
