#pragma once
/// Helpers shared by the built-in cost models (docs/cost-model.md): dimension arithmetic that
/// refuses shapes a formula cannot use, errors that name the op, and lookup in a plugin's table of
/// ops. Header-only so that every plugin library stays self-contained.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/cost_model.hpp"
#include "graphstat/error.hpp"
#include "graphstat/graph.hpp"

namespace graphstat::plugins {

/// Throws graphstat::Error in the "op '<name>' (<source_op>): <problem>" form the core uses for a
/// missing operand, so a user can find the offending node in the model.
[[noreturn]] inline void fail(const OpView& op, const std::string& problem) {
  const std::string& seen_as = op.node.source_op.empty() ? op.node.op : op.node.source_op;
  throw Error("op '" + op.node.name + "' (" + seen_as + "): " + problem);
}

/// "'conv1.weight' (64, 3, 7, 7)", for error messages.
inline std::string describe(const Tensor& tensor) {
  return "'" + tensor.name + "' " + format_shape_tuple(tensor.shape);
}

inline std::size_t rank(const Tensor& tensor) { return tensor.shape.size(); }

/// Dimension `index` of `tensor`, counted from the back when negative (W[-1]). An absent or
/// negative (unknown) dimension is an error: a formula built on it would silently print garbage.
inline std::uint64_t dim(const OpView& op, const Tensor& tensor, std::int64_t index) {
  const auto tensor_rank = static_cast<std::int64_t>(rank(tensor));
  const std::int64_t at = index < 0 ? tensor_rank + index : index;
  if (at < 0 || at >= tensor_rank) {
    fail(op, "tensor " + describe(tensor) + " has no dimension " + std::to_string(index));
  }
  const std::int64_t size = tensor.shape[static_cast<std::size_t>(at)];
  if (size < 0) fail(op, "tensor " + describe(tensor) + " has an unknown dimension");
  return static_cast<std::uint64_t>(size);
}

/// Product of the dimensions of `tensor` from `first` on: prod(W[2:]) is a conv's kernel volume.
inline std::uint64_t trailing_product(const OpView& op, const Tensor& tensor, std::size_t first) {
  std::uint64_t product = 1;
  for (std::size_t i = first; i < rank(tensor); ++i) {
    product *= dim(op, tensor, static_cast<std::int64_t>(i));
  }
  return product;
}

/// Cost of an op that does `flops_per_element` FLOPs for each element of its first output.
inline OpCost per_output_element(const OpView& op, std::uint64_t flops_per_element) {
  return {0, flops_per_element * op.required_output(0).numel()};
}

/// A row of a plugin's table: a canonical op and the function that prices it.
struct Formula {
  std::string_view op;
  OpCost (*price)(const OpView&);
};

/// A row of a plugin's table for ops that cost a constant number of FLOPs per output element.
struct Rate {
  std::string_view op;
  std::uint64_t flops_per_element;
};

/// The canonical ops of a table whose entries have an `op` member, in table order.
template <typename Entry, std::size_t N>
std::vector<std::string> table_ops(const std::array<Entry, N>& table) {
  std::vector<std::string> ops;
  ops.reserve(N);
  for (const Entry& entry : table) ops.emplace_back(entry.op);
  return ops;
}

/// The table entry pricing `op`. The core only asks a model about ops it listed, so a miss means a
/// caller bypassed ops(); it is still reported as an Error rather than undefined behaviour.
template <typename Entry, std::size_t N>
const Entry& table_entry(const std::array<Entry, N>& table, const OpView& op) {
  const auto found = std::find_if(table.begin(), table.end(),
                                  [&](const Entry& entry) { return entry.op == op.node.op; });
  if (found == table.end()) {
    fail(op, "canonical op '" + op.node.op + "' is not priced by this cost model");
  }
  return *found;
}

}  // namespace graphstat::plugins
