// Shape inference for If, Loop and Scan (see onnx_shapes.hpp's ControlPlan for what the graph
// builder does with the result).
//
// A Loop or Scan body is inferred once, with the loop-carried values' initial shapes. That is
// exact for every iteration only when each carried value keeps its shape (v_out has v_in's dims):
// then the body's ops are priced once and run `trips` times. A body whose carried shapes change
// from one iteration to the next is left as one unpriced node: its cost differs per iteration.

#include <fmt/format.h>

#include <algorithm>

#include "graphstat/dim_lookup.hpp"
#include "graphstat/error.hpp"
#include "onnx_inference.hpp"
#include "onnx_shape_context.hpp"

namespace graphstat::frontends::onnxfe {
namespace {

using Dims = std::vector<std::int64_t>;

const OnnxGraph* subgraph(const Node& node, std::string_view attr) {
  const Attribute* a = node.attr(attr);
  return a != nullptr && a->g ? a->g.get() : nullptr;
}

std::optional<Dims> declared_dims(const ValueInfo& vi) {
  if (vi.kind != ValueKind::tensor || !vi.has_shape) return std::nullopt;
  Dims d;
  for (const auto& dim : vi.dims) {
    if (dim.value < 0) return std::nullopt;
    d.push_back(dim.value);
  }
  return d;
}

// What fixes the cost of a subgraph: its ops, their attributes and every operand's type. Two
// branches with the same signature cost the same whichever runs. Unknown shapes or nested
// subgraphs give no signature (nothing can be said).
std::optional<std::string> cost_signature(
    const OnnxGraph& g, const std::unordered_map<std::string, TensorType>& types) {
  std::string sig;
  auto type_of = [&](const std::string& name) -> std::optional<std::string> {
    if (name.empty()) return std::string("-");
    auto t = types.find(name);
    if (t == types.end() || !t->second.dims) return std::nullopt;
    return fmt::format("{}:{}", t->second.elem, fmt::join(*t->second.dims, "x"));
  };
  for (const auto& node : g.nodes) {
    sig += node.domain + "::" + node.op_type + "(";
    for (const auto& a : node.attributes) {
      if (a.g) return std::nullopt;
      sig += fmt::format("{}={},{},{},[{}],[{}];", a.name, a.i, a.f, a.s, fmt::join(a.ints, ","),
                         fmt::join(a.floats, ","));
    }
    for (const auto* list : {&node.inputs, &node.outputs}) {
      for (const auto& name : *list) {
        auto t = type_of(name);
        if (!t) return std::nullopt;
        sig += *t + " ";
      }
      sig += "|";
    }
    sig += ")\n";
  }
  return sig;
}

}  // namespace

std::string Inference::symbol_base(const Node& node) {
  if (!node.name.empty()) return node.name;
  return node.outputs.empty() || node.outputs[0].empty() ? node.op_type : node.outputs[0];
}

std::optional<std::int64_t> Inference::bound_symbol(const std::string& symbol) {
  const auto found = lookup_dim(options_->dims, symbol);
  if (!found) return std::nullopt;
  const bool recorded = std::any_of(out_.bindings.begin(), out_.bindings.end(),
                                    [&](const DimBinding& b) { return b.name == symbol; });
  if (!recorded) out_.bindings.push_back(binding_of(symbol, *found));
  return found->value;
}

void Inference::bind_formal(const ValueInfo& formal, const TensorType& type,
                            const std::string& actual) {
  TensorType t = type;
  if (t.elem == elem::undefined) t.elem = formal.elem;
  if (!t.dims) t.dims = declared_dims(formal);
  out_.types[formal.name] = std::move(t);
  // A formal's value changes from one iteration to the next: never a constant.
  out_.values.erase(formal.name);
  if (sequences_.is_sequence(actual)) {
    sequences_.carry(formal.name, actual);
  } else {
    sequences_.declare(formal.name, formal);
  }
}

void Inference::infer_subgraph(const OnnxGraph& graph) {
  for (const auto& init : graph.initializers) {
    out_.types[init.name] = TensorType{init.elem, init.dims};
    if (init.value) out_.values.insert_or_assign(init.name, *init.value);
  }
  for (const auto& inner : graph.nodes) infer(inner);
}

bool Inference::infer_control_flow(const Node& node, std::vector<TensorType>& outputs) {
  if (!node.is_default_domain()) return false;
  outputs.assign(node.outputs.size(), TensorType{});
  if (node.op_type == "If") {
    infer_if(node, outputs);
  } else if (node.op_type == "Loop") {
    infer_loop(node, outputs);
  } else if (node.op_type == "Scan") {
    infer_scan(node, outputs);
  } else {
    return false;
  }
  return true;
}

// The branch a known condition (folded, or bound with --dim <If>.cond=0|1) takes joins the graph.
// With an unknown condition both branches are inferred: when they cost the same either gives the
// numbers; otherwise both join the graph waiting on the condition's symbol, and an output whose
// shape differs between them waits on it too.
void Inference::infer_if(const Node& node, std::vector<TensorType>& outputs) {
  const OnnxGraph* then_g = subgraph(node, "then_branch");
  const OnnxGraph* else_g = subgraph(node, "else_branch");
  const std::string symbol = symbol_base(node) + ".cond";
  std::optional<bool> cond;
  if (auto v = out_.values.find(node.input(0)); v != out_.values.end() && v->second.size() == 1) {
    cond = v->second.at_i(0) != 0;
  } else if (auto bound = bound_symbol(symbol)) {
    cond = *bound != 0;
  }
  ControlPlan plan;
  plan.repeat = 1;
  const OnnxGraph* taken = nullptr;
  if (cond) {
    taken = *cond ? then_g : else_g;
    if (taken != nullptr) infer_subgraph(*taken);
  } else {
    for (const OnnxGraph* g : {then_g, else_g}) {
      if (g != nullptr) infer_subgraph(*g);
    }
    if (then_g != nullptr && else_g != nullptr) {
      auto a = cost_signature(*then_g, out_.types);
      if (a && a == cost_signature(*else_g, out_.types)) taken = then_g;
    }
  }
  if (taken != nullptr) {
    plan.bodies = {taken};
    for (std::size_t k = 0; k < outputs.size() && k < taken->outputs.size(); ++k) {
      const std::string& inner = taken->outputs[k].name;
      if (auto t = out_.types.find(inner); t != out_.types.end()) outputs[k] = t->second;
      plan.aliases.emplace_back(node.outputs[k], inner);
      if (sequences_.is_sequence(inner)) sequences_.carry(node.outputs[k], inner);
    }
  } else if (then_g != nullptr && else_g != nullptr) {
    plan.bodies = {then_g, else_g};
    plan.repeat.reset();
    plan.waits_on = symbol;
    for (std::size_t k = 0; k < outputs.size(); ++k) {
      if (k >= then_g->outputs.size() || k >= else_g->outputs.size()) break;
      auto a = out_.types.find(then_g->outputs[k].name);
      auto b = out_.types.find(else_g->outputs[k].name);
      if (a != out_.types.end() && b != out_.types.end() && a->second.dims &&
          a->second.dims == b->second.dims) {
        outputs[k] = a->second;
      } else {
        if (a != out_.types.end()) outputs[k].elem = a->second.elem;
        out_.waits_on[node.outputs[k]] = {symbol};
      }
    }
  }
  out_.control[&node] = std::move(plan);
}

// Loop(M, cond, v_initial...): body(iter, cond_in, v_in...) -> (cond_out, v_out..., scan...).
// The trip count is M when the loop has no condition or its condition provably stays true (the
// body's cond_out folds to true given the initial condition), 0 or 1 when it folds to false, and
// otherwise a symbol, `<loop>.trips`, that --dim binds.
void Inference::infer_loop(const Node& node, std::vector<TensorType>& outputs) {
  const OnnxGraph* body = subgraph(node, "body");
  if (body == nullptr || body->inputs.size() < 2 || body->outputs.empty()) return;
  const std::string symbol = symbol_base(node) + ".trips";
  auto value_of = [&](std::size_t k) -> const Value* {
    if (node.input(k).empty()) return nullptr;
    auto v = out_.values.find(node.input(k));
    return v != out_.values.end() && v->second.size() == 1 ? &v->second : nullptr;
  };
  const Value* max_trips = value_of(0);
  const Value* initial_cond = value_of(1);
  const std::size_t carried = node.inputs.size() > 2 ? node.inputs.size() - 2 : 0;
  bind_formal(body->inputs[0], TensorType{elem::int64, Dims{}}, "");
  bind_formal(body->inputs[1], TensorType{elem::boolean, Dims{}}, "");
  if (initial_cond != nullptr) out_.values.insert_or_assign(body->inputs[1].name, *initial_cond);
  for (std::size_t k = 0; k < carried && 2 + k < body->inputs.size(); ++k) {
    auto t = out_.types.find(node.inputs[2 + k]);
    bind_formal(body->inputs[2 + k], t != out_.types.end() ? t->second : TensorType{},
                node.inputs[2 + k]);
  }
  infer_subgraph(*body);

  std::optional<std::int64_t> m;
  if (max_trips != nullptr) m = max_trips->at_i(0);
  std::optional<std::int64_t> trips;
  if (node.input(1).empty()) {
    trips = m;
  } else if (initial_cond != nullptr && initial_cond->at_i(0) == 0) {
    trips = 0;
  } else if (initial_cond != nullptr) {
    auto cond_out = out_.values.find(body->outputs[0].name);
    if (cond_out != out_.values.end() && cond_out->second.size() == 1) {
      if (cond_out->second.at_i(0) != 0) {
        trips = m;
      } else {
        trips = m ? std::min<std::int64_t>(*m, 1) : 1;
      }
    }
  }
  if (!trips) trips = bound_symbol(symbol);

  bool uniform = true;
  for (std::size_t k = 0; k < carried && 2 + k < body->inputs.size(); ++k) {
    if (1 + k >= body->outputs.size()) break;
    const TensorType& in = out_.types[body->inputs[2 + k].name];
    const TensorType& out = out_.types[body->outputs[1 + k].name];
    if (in.dims != out.dims) uniform = false;
  }
  ControlPlan plan;
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const std::string& name = node.outputs[k];
    if (1 + k >= body->outputs.size()) break;
    const std::string& inner = body->outputs[1 + k].name;
    const TensorType& t = out_.types[inner];
    if (k < carried) {
      if (uniform) {
        outputs[k] = t;
        plan.aliases.emplace_back(name, inner);
      } else {
        outputs[k].elem = t.elem;
        out_.unknown_reason[name] =
            fmt::format("Loop '{}': the shape of its carried value '{}' changes per iteration",
                        symbol_base(node), inner);
      }
      if (sequences_.is_sequence(inner)) sequences_.carry(name, inner);
      continue;
    }
    outputs[k].elem = t.elem;
    if (trips && t.dims) {
      Dims d = *t.dims;
      d.insert(d.begin(), *trips);
      outputs[k].dims = std::move(d);
    } else if (!trips) {
      out_.waits_on[name] = {symbol};
    }
  }
  if (uniform) {
    plan.bodies = {body};
    plan.repeat = trips;
    if (!trips) plan.waits_on = symbol;
    for (std::size_t k = 0; k < carried && 2 + k < body->inputs.size(); ++k) {
      plan.input_aliases.emplace_back(body->inputs[2 + k].name, node.inputs[2 + k]);
    }
  }
  out_.control[&node] = std::move(plan);
}

// Scan (opset 9+): states..., scan inputs... (num_scan_inputs, sliced along scan_input_axes);
// body(states..., slices...) -> (states..., per-iteration outputs...), stacked along
// scan_output_axes. Opset 8 adds a leading optional sequence_lens input and a batch axis 0 to
// every operand (the scan axis is then 1), and runs the body once per batch element and step.
void Inference::infer_scan(const Node& node, std::vector<TensorType>& outputs) {
  const OnnxGraph* body = subgraph(node, "body");
  if (body == nullptr) return;
  const bool batched = opset_of(node) < 9;
  const std::size_t first = batched ? 1 : 0;
  const auto scans = static_cast<std::size_t>(node.attr_int("num_scan_inputs", 0));
  if (node.inputs.size() < first + scans)
    throw Error(fmt::format("{}: node '{}' (Scan): num_scan_inputs {} exceeds its {} inputs",
                            file_.string(), node.name, scans, node.inputs.size()));
  const std::size_t states = node.inputs.size() - first - scans;
  const std::string symbol = symbol_base(node) + ".trips";
  auto input_axis = [&](std::size_t j, std::size_t rank) -> std::int64_t {
    if (batched) return 1;
    auto axes = node.attr_ints("scan_input_axes");
    const std::int64_t a = axes && j < axes->size() ? (*axes)[j] : 0;
    try {
      return shape_rules::axis_in(a, rank);
    } catch (const ShapeError& e) {
      throw Error(fmt::format("{}: node '{}' (Scan): {}", file_.string(), node.name, e.what()));
    }
  };
  auto type_of = [&](const std::string& name) {
    auto t = out_.types.find(name);
    return t != out_.types.end() ? t->second : TensorType{};
  };
  std::optional<std::int64_t> trips;
  std::optional<std::int64_t> batch;
  for (std::size_t j = 0; j < scans; ++j) {
    TensorType t = type_of(node.inputs[first + states + j]);
    if (t.dims) {
      const auto axis = static_cast<std::size_t>(input_axis(j, t.dims->size()));
      if (axis >= t.dims->size()) continue;
      const std::int64_t length = (*t.dims)[axis];
      if (trips && *trips != length) {
        throw Error(fmt::format("{}: node '{}' (Scan): scan inputs of lengths {} and {}",
                                file_.string(), node.name, *trips, length));
      }
      trips = length;
      if (batched) batch = (*t.dims)[0];
      t.dims->erase(t.dims->begin() + static_cast<std::ptrdiff_t>(axis));
      if (batched) t.dims->erase(t.dims->begin());
    }
    if (states + j < body->inputs.size()) {
      bind_formal(body->inputs[states + j], t, node.inputs[first + states + j]);
    }
  }
  for (std::size_t k = 0; k < states && k < body->inputs.size(); ++k) {
    TensorType t = type_of(node.inputs[first + k]);
    if (batched && t.dims && !t.dims->empty()) t.dims->erase(t.dims->begin());
    bind_formal(body->inputs[k], t, node.inputs[first + k]);
  }
  infer_subgraph(*body);
  if (!trips) trips = bound_symbol(symbol);

  bool uniform = true;
  for (std::size_t k = 0; k < states && k < body->inputs.size() && k < body->outputs.size(); ++k) {
    if (out_.types[body->inputs[k].name].dims != out_.types[body->outputs[k].name].dims) {
      uniform = false;
    }
  }
  auto out_axes = node.attr_ints("scan_output_axes");
  for (std::size_t k = 0; k < outputs.size() && k < body->outputs.size(); ++k) {
    const std::string& name = node.outputs[k];
    const TensorType t = type_of(body->outputs[k].name);
    outputs[k].elem = t.elem;
    if (k < states) {
      if (!uniform) {
        out_.unknown_reason[name] =
            fmt::format("Scan '{}': the shape of its state '{}' changes per iteration",
                        symbol_base(node), body->outputs[k].name);
      } else {
        outputs[k] = type_of(node.inputs[first + k]);
      }
      continue;
    }
    if (!trips) {
      out_.waits_on[name] = {symbol};
      continue;
    }
    if (!t.dims || (batched && !batch)) continue;
    Dims d = *t.dims;
    if (batched) {
      d.insert(d.begin(), {*batch, *trips});
    } else {
      const std::size_t j = k - states;
      const std::int64_t a = out_axes && j < out_axes->size() ? (*out_axes)[j] : 0;
      const auto r = static_cast<std::int64_t>(d.size());
      if (a < -(r + 1) || a > r) {
        throw Error(fmt::format("{}: node '{}' (Scan): scan_output_axes {} is out of range",
                                file_.string(), node.name, a));
      }
      d.insert(d.begin() + (a < 0 ? a + r + 1 : a), *trips);
    }
    outputs[k].dims = std::move(d);
  }
  ControlPlan plan;
  if (uniform) {
    plan.bodies = {body};
    if (trips) {
      plan.repeat = *trips;
      // Opset 8 runs the body for every batch element, for as many steps as its sequence_lens
      // entry says; without sequence_lens every element runs them all.
      if (batched && !node.input(0).empty()) {
        auto lens = out_.values.find(node.input(0));
        plan.repeat.reset();
        if (lens != out_.values.end()) {
          std::int64_t total = 0;
          for (auto n : lens->second.ints()) total += n;
          plan.repeat = total;
        }
      } else if (batched) {
        plan.repeat = batch ? std::optional<std::int64_t>(*batch * *trips) : std::nullopt;
      }
    }
    if (!plan.repeat) plan.waits_on = symbol;
    for (std::size_t k = 0; k < states && k < body->inputs.size() && !batched; ++k) {
      plan.input_aliases.emplace_back(body->inputs[k].name, node.inputs[first + k]);
    }
    for (std::size_t k = 0; k < states && k < body->outputs.size() && !batched; ++k) {
      plan.aliases.emplace_back(node.outputs[k], body->outputs[k].name);
    }
  }
  out_.control[&node] = std::move(plan);
}

}  // namespace graphstat::frontends::onnxfe
