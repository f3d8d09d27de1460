#include "graphstat/graph.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "graphstat/checked.hpp"
#include "graphstat/error.hpp"

namespace graphstat {

std::string_view role_name(TensorRole role) {
  switch (role) {
    case TensorRole::activation:
      return "activation";
    case TensorRole::parameter:
      return "parameter";
    case TensorRole::buffer:
      return "buffer";
    case TensorRole::constant:
      return "constant";
  }
  return "activation";
}

std::optional<TensorRole> parse_role(std::string_view name) {
  for (auto role :
       {TensorRole::activation, TensorRole::parameter, TensorRole::buffer, TensorRole::constant}) {
    if (role_name(role) == name) return role;
  }
  return std::nullopt;
}

void throw_overflow(std::string_view what) {
  throw Error(fmt::format("{}{}the count overflows 64 bits", what, what.empty() ? "" : ": "));
}

std::uint64_t dim_count(std::int64_t dim, std::string_view what) {
  if (dim < 0) {
    throw Error(fmt::format("{}{}dimension {} is not a size", what, what.empty() ? "" : ": ", dim));
  }
  return static_cast<std::uint64_t>(dim);
}

std::uint64_t Tensor::numel() const {
  if (!is_static()) return 0;
  std::uint64_t n = 1;
  for (auto d : shape) n = checked_mul(n, dim_count(d, name), name);
  return n;
}

std::uint64_t Tensor::bytes() const { return checked_mul(numel(), dtype_size(dtype), name); }

namespace {

template <typename T>
std::optional<T> attr_as(const OpNode& op, std::string_view key) {
  auto it = op.attrs.find(key);
  if (it == op.attrs.end()) return std::nullopt;
  if (const T* v = std::get_if<T>(&it->second)) return *v;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> OpNode::attr_int(std::string_view key) const {
  return attr_as<std::int64_t>(*this, key);
}

std::optional<double> OpNode::attr_float(std::string_view key) const {
  if (auto v = attr_as<double>(*this, key)) return v;
  if (auto i = attr_as<std::int64_t>(*this, key)) return static_cast<double>(*i);
  return std::nullopt;
}

std::optional<std::string> OpNode::attr_string(std::string_view key) const {
  return attr_as<std::string>(*this, key);
}

std::optional<std::vector<std::int64_t>> OpNode::attr_ints(std::string_view key) const {
  return attr_as<std::vector<std::int64_t>>(*this, key);
}

TensorId Graph::add_tensor(Tensor tensor) {
  const auto id = static_cast<TensorId>(tensors_.size());
  auto [it, inserted] = by_name_.try_emplace(tensor.name, id);
  if (!inserted) throw Error(fmt::format("duplicate tensor name '{}'", tensor.name));
  tensors_.push_back(std::move(tensor));
  producer_.push_back(kNoProducer);
  first_consumer_.push_back(kNoProducer);
  return id;
}

std::optional<TensorId> Graph::find_tensor(std::string_view name) const {
  // by_name_ is keyed by std::string; a temporary keeps the lookup portable to C++20 libstdc++.
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<Graph::OpId> Graph::producer(TensorId id) const {
  if (id >= producer_.size() || producer_[id] == kNoProducer) return std::nullopt;
  return producer_[id];
}

Graph::OpId Graph::add_op(OpNode op) {
  const auto check = [&](TensorId t) {
    if (t != kNoTensor && t >= tensors_.size()) {
      throw Error(fmt::format("op '{}' refers to tensor id {} that does not exist", op.name, t));
    }
  };
  for (auto t : op.inputs) check(t);
  for (auto t : op.outputs) check(t);
  for (auto t : op.outputs) {
    if (t == kNoTensor) continue;  // An absent optional output (ONNX's "" name).
    if (first_consumer_[t] != kNoProducer) {
      throw Error(fmt::format(
          "tensor '{}' is read by '{}' before '{}' produces it: ops must be in execution order",
          tensors_[t].name, topology_[first_consumer_[t]].name, op.name));
    }
    if (producer_[t] != kNoProducer) {
      throw Error(fmt::format("tensor '{}' is produced twice (by '{}' and '{}')", tensors_[t].name,
                              topology_[producer_[t]].name, op.name));
    }
  }
  const auto id = boost::add_vertex(std::move(op), topology_);
  const OpNode& added = topology_[id];
  for (auto t : added.inputs) {
    if (t == kNoTensor) continue;
    if (first_consumer_[t] == kNoProducer) first_consumer_[t] = static_cast<std::uint32_t>(id);
    if (producer_[t] != kNoProducer) boost::add_edge(producer_[t], id, DataEdge{t}, topology_);
  }
  for (auto t : added.outputs) {
    if (t != kNoTensor) producer_[t] = static_cast<std::uint32_t>(id);
  }
  return id;
}

void Graph::reserve_tensors(std::size_t tensors) {
  tensors_.reserve(tensors);
  producer_.reserve(tensors);
  first_consumer_.reserve(tensors);
  by_name_.reserve(tensors);
}

std::string format_shape_tuple(const Shape& shape) {
  if (shape.size() == 1) return fmt::format("({},)", shape[0]);
  return fmt::format("({})", fmt::join(shape, ", "));
}

std::string format_tensor_shape(const Tensor& tensor) {
  if (tensor.is_static()) return format_shape_tuple(tensor.shape);
  const SymbolicShape& sym = *tensor.symbolic;
  if (!sym.rank_known) return "(?)";
  std::vector<std::string> dims;
  for (std::size_t i = 0; i < tensor.shape.size(); ++i) {
    const bool named = i < sym.dims.size() && !sym.dims[i].empty();
    dims.push_back(named ? sym.dims[i] : std::to_string(tensor.shape[i]));
  }
  if (dims.size() == 1) return fmt::format("({},)", dims[0]);
  return fmt::format("({})", fmt::join(dims, ", "));
}

std::vector<std::string> symbols_waited_on(const Graph& graph, const std::vector<TensorId>& ids) {
  std::vector<std::string> out;
  for (auto id : ids) {
    if (id == kNoTensor) continue;
    const Tensor& t = graph.tensor(id);
    if (!t.is_static())
      out.insert(out.end(), t.symbolic->waits_on.begin(), t.symbolic->waits_on.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace graphstat
