#include "json_graph_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <map>

#include "graphstat/dim_lookup.hpp"
#include "graphstat/error.hpp"

namespace graphstat::frontends {
namespace fs = std::filesystem;
namespace dom = simdjson::dom;

namespace {

std::string shape_text(const Shape& shape) { return fmt::format("{}", fmt::join(shape, "x")); }

// Where in the document a check is. Formatted only when a check fails: building the text for each
// of a million nodes up front would cost more than parsing them.
struct Where {
  explicit Where(std::string_view kind = {}, std::size_t index = 0, std::string_view name = {},
                 std::string_view attr = {})
      : kind(kind), index(index), name(name), attr(attr) {}

  std::string_view kind;  // "the document", "tensors", "nodes", "tensor", "node"
  std::size_t index;      // Position in "tensors" or "nodes" before the name is known.
  std::string_view name;  // Tensor or node name, once known.
  std::string_view attr;  // Attribute key of a node.

  std::string text() const {
    if (!attr.empty()) return fmt::format("node '{}': attr '{}'", name, attr);
    if (!name.empty()) return fmt::format("{} '{}'", kind, name);
    if (kind == "tensors" || kind == "nodes") return fmt::format("{}[{}]", kind, index);
    return std::string(kind);
  }
};

const Where kDocument("the document");

// Turns the parser's checks into errors that name the file and where in the graph they are.
class Reader {
 public:
  explicit Reader(const fs::path& file) : file_(file) {}

  Graph read(const simdjson::padded_string& json) {
    dom::parser parser;
    dom::element root;
    if (auto error = parser.parse(json).get(root)) {
      fail(Where{}, fmt::format("not valid JSON ({})", simdjson::error_message(error)));
    }
    dom::object top = object(root, kDocument);
    const std::string_view format = string(top, "format", kDocument);
    if (format != "graphstat-graph") {
      fail(Where{}, fmt::format("'format' is '{}', expected 'graphstat-graph'", format));
    }
    const std::int64_t version = integer(top, "version", kDocument);
    if (version != 1)
      fail(Where{}, fmt::format("unsupported version {} (this graphstat reads 1)", version));

    Graph graph;
    if (auto model = optional_string(top, "model", kDocument)) graph.name = *model;
    read_tensors(array(top, "tensors", kDocument), graph);
    read_nodes(array(top, "nodes", kDocument), graph);
    graph.inputs = tensor_list(top, "inputs", graph);
    graph.outputs = tensor_list(top, "outputs", graph);
    read_bindings(top, graph);
    return graph;
  }

 private:
  [[noreturn]] void fail(const Where& where, std::string_view problem) const {
    if (where.kind.empty()) throw Error(fmt::format("{}: {}", file_.string(), problem));
    throw Error(fmt::format("{}: {}: {}", file_.string(), where.text(), problem));
  }

  dom::object object(dom::element e, const Where& where) const {
    dom::object o;
    if (e.get(o)) fail(where, "must be a JSON object");
    return o;
  }

  dom::element member(dom::object o, std::string_view key, const Where& where) const {
    dom::element e;
    if (o.at_key(key).get(e)) fail(where, fmt::format("missing required member '{}'", key));
    return e;
  }

  dom::array array(dom::object o, std::string_view key, const Where& where) const {
    dom::array a;
    if (member(o, key, where).get(a)) fail(where, fmt::format("'{}' must be an array", key));
    return a;
  }

  std::string_view string(dom::object o, std::string_view key, const Where& where) const {
    std::string_view s;
    if (member(o, key, where).get(s)) fail(where, fmt::format("'{}' must be a string", key));
    return s;
  }

  std::optional<std::string_view> optional_string(dom::object o, std::string_view key,
                                                  const Where& where) const {
    dom::element e;
    if (o.at_key(key).get(e)) return std::nullopt;
    std::string_view s;
    if (e.get(s)) fail(where, fmt::format("'{}' must be a string", key));
    return s;
  }

  std::int64_t integer(dom::object o, std::string_view key, const Where& where) const {
    std::int64_t v = 0;
    if (member(o, key, where).get(v)) fail(where, fmt::format("'{}' must be an integer", key));
    return v;
  }

  void read_tensors(dom::array tensors, Graph& graph) const {
    graph.reserve_tensors(tensors.size());
    std::size_t index = 0;
    for (dom::element e : tensors) {
      const Where where("tensors", index++);
      dom::object o = object(e, where);
      Tensor t;
      t.name = std::string(string(o, "name", where));
      if (t.name.empty()) fail(where, "'name' must not be empty");
      const Where named("tensor", 0, t.name);
      std::vector<std::string> symbols;
      if (member(o, "shape", named).is_null()) {
        // Unknown rank (a data-dependent output no rule shapes): `graphstat convert` writes it so,
        // with what it waits on, and the ops on it stay unresolved.
        t.symbolic = SymbolicShape{{}, false, waits_on(o, named)};
        add(std::move(t), where, graph);
        continue;
      }
      for (dom::element d : array(o, "shape", named)) {
        std::int64_t dim = 0;
        std::string_view symbol;
        if (!d.get(symbol)) {
          // A symbolic dim: its name ("N", "num_boxes"); bound or left unresolved at load time.
          if (symbol.empty()) fail(named, "a symbolic dim in 'shape' needs a name");
          symbols.resize(t.shape.size());
          symbols.emplace_back(symbol);
          t.shape.push_back(kSymbolicDim);
          continue;
        }
        if (d.get(dim) || dim < 0) {
          fail(named, "'shape' must hold non-negative integers or dim names");
        }
        t.shape.push_back(dim);
      }
      // `waits_on` beside a shape: known dims that still wait on a symbol no dim names.
      const bool waits_listed = !o.at_key("waits_on").error();
      if (!symbols.empty() || waits_listed) {
        symbols.resize(t.shape.size());
        std::vector<std::string> waits;
        if (waits_listed) waits = waits_on(o, named);
        for (const auto& s : symbols) {
          if (!s.empty()) waits.push_back(s);
        }
        std::sort(waits.begin(), waits.end());
        waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
        t.symbolic = SymbolicShape{std::move(symbols), true, std::move(waits)};
      }
      if (auto dtype = optional_string(o, "dtype", named)) {
        auto parsed = parse_dtype(*dtype);
        if (!parsed) fail(named, fmt::format("unknown dtype '{}'", *dtype));
        t.dtype = *parsed;
      }
      if (auto role = optional_string(o, "role", named)) {
        auto parsed = parse_role(*role);
        if (!parsed) {
          fail(named,
               fmt::format("unknown role '{}' (activation, parameter, buffer, constant)", *role));
        }
        t.role = *parsed;
      }
      dom::element trainable;
      if (!o.at_key("trainable").get(trainable)) {
        bool value = false;
        if (trainable.get(value)) fail(named, "'trainable' must be true or false");
        if (t.role != TensorRole::parameter) fail(named, "'trainable' is for parameters only");
        t.trainable = value;
      }
      add(std::move(t), where, graph);
    }
  }

  void add(Tensor t, const Where& where, Graph& graph) const {
    try {
      graph.add_tensor(std::move(t));
    } catch (const Error& e) {
      fail(where, e.what());
    }
  }

  // A tensor of unknown rank: `waits_on` names the symbols (or reasons) it waits on.
  std::vector<std::string> waits_on(dom::object o, const Where& where) const {
    std::vector<std::string> waits;
    dom::element e;
    if (o.at_key("waits_on").get(e)) return {"an unknown shape"};
    dom::array a;
    if (e.get(a)) fail(where, "'waits_on' must be an array of strings");
    for (dom::element w : a) {
      std::string_view text;
      if (w.get(text) || text.empty()) fail(where, "'waits_on' must be an array of strings");
      waits.emplace_back(text);
    }
    std::sort(waits.begin(), waits.end());
    waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
    if (waits.empty()) waits.emplace_back("an unknown shape");
    return waits;
  }

  std::vector<TensorId> tensor_refs(dom::object o, std::string_view key, const Graph& graph,
                                    const Where& where, bool allow_empty) const {
    std::vector<TensorId> ids;
    for (dom::element e : array(o, key, where)) {
      std::string_view name;
      if (e.get(name)) fail(where, fmt::format("'{}' must hold tensor names", key));
      if (name.empty()) {
        if (!allow_empty) fail(where, fmt::format("'{}' holds an empty tensor name", key));
        ids.push_back(kNoTensor);
        continue;
      }
      auto id = graph.find_tensor(name);
      if (!id) fail(where, fmt::format("'{}' names tensor '{}', which is not declared", key, name));
      ids.push_back(*id);
    }
    return ids;
  }

  std::vector<TensorId> tensor_list(dom::object top, std::string_view key,
                                    const Graph& graph) const {
    dom::element e;
    if (top.at_key(key).get(e)) return {};
    return tensor_refs(top, key, graph, kDocument, false);
  }

  AttrValue attr(dom::element e, const Where& where) const {
    std::int64_t i = 0;
    double d = 0;
    bool b = false;
    std::string_view s;
    dom::array a;
    if (e.is_int64() && !e.get(i)) return i;
    if (e.is_number() && !e.get(d)) return d;
    if (!e.get(b)) return static_cast<std::int64_t>(b);
    if (!e.get(s)) return std::string(s);
    if (e.get(a)) fail(where, "attributes must be numbers, strings or arrays of numbers");
    std::vector<std::int64_t> ints;
    std::vector<double> doubles;
    bool all_ints = true;
    for (dom::element item : a) {
      if (item.get(d)) fail(where, "array attributes must hold numbers");
      doubles.push_back(d);
      if (all_ints && item.is_int64() && !item.get(i)) {
        ints.push_back(i);
      } else {
        all_ints = false;
      }
    }
    if (all_ints) return ints;
    return doubles;
  }

  // The dims an earlier frontend bound (`graphstat convert` keeps them), so that a converted graph
  // reports the same caption as its source.
  void read_bindings(dom::object top, Graph& graph) const {
    dom::element e;
    if (!top.at_key("bindings").get(e)) {
      std::size_t index = 0;
      for (dom::element b : array(top, "bindings", kDocument)) {
        const Where where("bindings", index++);
        dom::object o = object(b, where);
        DimBinding binding;
        binding.name = std::string(string(o, "name", where));
        binding.value = integer(o, "value", where);
        if (binding.name.empty() || binding.value < 0) {
          fail(where, "a binding needs a name and a non-negative value");
        }
        dom::element defaulted;
        if (!o.at_key("defaulted").get(defaulted) && defaulted.get(binding.defaulted)) {
          fail(where, "'defaulted' must be true or false");
        }
        dom::element pattern;
        if (!o.at_key("pattern").get(pattern)) {
          std::string_view text;
          if (pattern.get(text)) fail(where, "'pattern' must be a string");
          binding.pattern = std::string(text);
        }
        graph.bindings.push_back(std::move(binding));
      }
    }
    if (!top.at_key("notes").get(e)) {
      for (dom::element n : array(top, "notes", kDocument)) {
        std::string_view note;
        if (n.get(note)) fail(kDocument, "'notes' must hold strings");
        graph.notes.emplace_back(note);
      }
    }
  }

  void read_nodes(dom::array nodes, Graph& graph) const {
    std::size_t index = 0;
    for (dom::element e : nodes) {
      Where where("nodes", index++);
      dom::object o = object(e, where);
      OpNode node;
      // Views into the parser's tape stay valid after the node is moved into the graph.
      const std::string_view name = string(o, "name", where);
      node.name = std::string(name);
      where = Where("node", 0, name);
      node.op = std::string(string(o, "op", where));
      if (node.op.empty()) fail(where, "'op' must not be empty");
      if (auto s = optional_string(o, "source_op", where)) node.source_op = std::string(*s);
      if (auto m = optional_string(o, "module", where)) node.module = std::string(*m);
      node.inputs = tensor_refs(o, "inputs", graph, where, true);
      node.outputs = tensor_refs(o, "outputs", graph, where, false);
      dom::element attrs;
      if (!o.at_key("attrs").get(attrs)) {
        for (auto [key, value] : object(attrs, where)) {
          node.attrs.emplace(std::string(key), attr(value, Where("node", 0, name, key)));
        }
      }
      try {
        graph.add_op(std::move(node));
      } catch (const Error& err) {
        fail(where, err.what());
      }
    }
  }

  const fs::path& file_;
};

}  // namespace

Graph read_json_graph(std::string_view json, const fs::path& file) {
  return Reader(file).read(simdjson::padded_string(json));
}

Graph read_json_graph_file(const fs::path& file) {
  simdjson::padded_string json;
  if (auto error = simdjson::padded_string::load(file.string()).get(json)) {
    throw Error(
        fmt::format("{}: cannot read file ({})", file.string(), simdjson::error_message(error)));
  }
  return Reader(file).read(json);
}

void check_input_bindings(const Graph& graph, const std::vector<InputSpec>& inputs,
                          const fs::path& file) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const InputSpec& spec = inputs[i];
    TensorId id = kNoTensor;
    if (!spec.name.empty()) {
      for (auto candidate : graph.inputs) {
        if (graph.tensor(candidate).name == spec.name) id = candidate;
      }
      if (id == kNoTensor) {
        std::vector<std::string> names;
        for (auto t : graph.inputs) names.push_back(graph.tensor(t).name);
        throw Error(fmt::format("{}: the graph has no input '{}' (inputs: {})", file.string(),
                                spec.name, fmt::join(names, ", ")));
      }
    } else {
      if (i >= graph.inputs.size()) {
        throw Error(fmt::format("{}: {} input shapes given, the graph has {} inputs", file.string(),
                                inputs.size(), graph.inputs.size()));
      }
      id = graph.inputs[i];
    }
    const Tensor& t = graph.tensor(id);
    if (!t.is_static()) {
      throw Error(fmt::format(
          "{}: input '{}' has symbolic dims in this JSON graph; bind them by name with --dim "
          "NAME=VALUE",
          file.string(), t.name));
    }
    if (t.shape != spec.shape) {
      throw Error(fmt::format(
          "{}: input '{}' has the fixed shape {} in this JSON graph, not {} (JSON graphs hold "
          "concrete shapes; re-export the model to change them)",
          file.string(), t.name, shape_text(t.shape), shape_text(spec.shape)));
    }
    if (spec.dtype && *spec.dtype != t.dtype) {
      throw Error(fmt::format("{}: input '{}' is {} in this JSON graph, not {}", file.string(),
                              t.name, dtype_name(t.dtype), dtype_name(*spec.dtype)));
    }
  }
}

void bind_symbolic_dims(Graph& graph, const DimValues& dims) {
  // An input dim nobody bound defaults to 1; every other dim takes the user's value, by exact
  // name or by pattern (dim_lookup.hpp).
  std::map<std::string, DimBinding> used;
  std::vector<std::string> order;  // bindings in the order first used
  const auto value_of = [&](const std::string& symbol) -> std::optional<std::int64_t> {
    if (const auto seen = used.find(symbol); seen != used.end()) return seen->second.value;
    const auto found = lookup_dim(dims, symbol);
    if (!found) return std::nullopt;
    used.emplace(symbol, binding_of(symbol, *found));
    order.push_back(symbol);
    return found->value;
  };
  // A dim of a graph input nobody bound is taken as 1 (a dynamic batch); a dim that only
  // intermediate tensors name depends on data and stays unresolved.
  for (auto id : graph.inputs) {
    const Tensor& t = graph.tensor(id);
    if (t.is_static()) continue;
    for (const auto& symbol : t.symbolic->dims) {
      if (symbol.empty() || value_of(symbol)) continue;
      used.emplace(symbol, DimBinding{symbol, 1, true});
      order.push_back(symbol);
      graph.notes.push_back(fmt::format(
          "input '{}' has the dynamic dim '{}'; it is taken as 1 (bind it with --dim {}=<size>)",
          t.name, symbol, symbol));
    }
  }
  for (TensorId id = 0; id < graph.tensor_count(); ++id) {
    Tensor& t = graph.tensor(id);
    if (t.is_static() || !t.symbolic->rank_known) continue;
    SymbolicShape& sym = *t.symbolic;
    // A wait no dim names (`waits_on` beside known dims) cannot be bound here: the graph holds no
    // way to recompute the shape, so the tensor stays unresolved (convert with --dim instead).
    std::vector<std::string> waits;
    for (const auto& w : sym.waits_on) {
      if (std::find(sym.dims.begin(), sym.dims.end(), w) == sym.dims.end()) waits.push_back(w);
    }
    for (std::size_t d = 0; d < sym.dims.size(); ++d) {
      if (sym.dims[d].empty()) continue;
      const auto value = value_of(sym.dims[d]);
      if (!value) {
        waits.push_back(sym.dims[d]);
        continue;
      }
      t.shape[d] = *value;
      sym.dims[d].clear();
    }
    std::sort(waits.begin(), waits.end());
    waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
    if (waits.empty()) {
      t.symbolic.reset();
    } else {
      sym.waits_on = std::move(waits);
    }
  }
  // Sorted by name, as before patterns: a converted graph's caption stays the same.
  std::sort(order.begin(), order.end());
  for (const auto& name : order) graph.bindings.push_back(used.at(name));
}

}  // namespace graphstat::frontends
