#include "recurrent_cost_model.hpp"

#include <array>
#include <optional>

#include "common/cost_helpers.hpp"
#include "graphstat/checked.hpp"

namespace graphstat::plugins {
namespace {

// One cell type, as PyTorch computes it (aten/src/ATen/native/RNN.cpp): per step, both products
// x·W_ihᵀ (+ b_ih) and h·W_hhᵀ (+ b_hh) over all G gates, then `elementwise` FLOPs per hidden unit
// for combining them, the gate nonlinearities and the state update. Sigmoid costs 3 and tanh or
// relu 1, as in the elementwise plugin.
struct Cell {
  std::string_view op;
  std::uint64_t gates;
  // LSTM: 4 adds gi + gh; sigmoid i, f, o (3 × 3) and tanh g (1); c' = f·c + i·g (3);
  //       h' = o·tanh(c') (2): 4 + 10 + 3 + 2 = 19.
  // GRU:  r, z: add and sigmoid (2 × 4); n = tanh(gi_n + r·gh_n): multiply, add, tanh (3);
  //       h' = n + z·(h - n): subtract, multiply, add (3): 8 + 3 + 3 = 14.
  // RNN:  add gi + gh and tanh or relu: 2.
  std::uint64_t elementwise;
};

constexpr auto kCells = std::to_array<Cell>({
    {"lstm", 4, 19},
    {"gru", 3, 14},
    {"rnn", 1, 2},
});

// Canonical operands: X, h0?, c0?, then the weights of every layer and direction.
constexpr std::size_t kFirstWeight = 3;

std::uint64_t positive_attr(const OpView& op, std::string_view key,
                            std::optional<std::int64_t> fallback) {
  const std::optional<std::int64_t> value = op.node.attr_int(key);
  if (!value && !fallback) fail(op, "recurrent op has no '" + std::string(key) + "' attribute");
  const std::int64_t v = value.value_or(fallback.value_or(0));
  if (v <= 0) fail(op, "attribute '" + std::string(key) + "' must be positive");
  return static_cast<std::uint64_t>(v);
}

bool flag_attr(const OpView& op, std::string_view key, std::int64_t fallback) {
  const std::int64_t v = op.node.attr_int(key).value_or(fallback);
  if (v != 0 && v != 1) fail(op, "attribute '" + std::string(key) + "' must be 0 or 1");
  return v == 1;
}

OpCost price(const OpView& op, const Cell& cell) {
  if (const auto gates = op.node.attr_int("gates");
      gates && static_cast<std::uint64_t>(*gates) != cell.gates) {
    fail(op, "attribute 'gates' is " + std::to_string(*gates) + ", " + std::string(cell.op) +
                 " has " + std::to_string(cell.gates));
  }
  if (cell.op == "rnn") {
    const std::string nonlinearity = op.node.attr_string("nonlinearity").value_or("tanh");
    if (nonlinearity != "tanh" && nonlinearity != "relu") {
      fail(op, "nonlinearity '" + nonlinearity + "' is neither tanh nor relu");
    }
  }
  const std::uint64_t hidden = positive_attr(op, "hidden_size", std::nullopt);
  const std::uint64_t layers = positive_attr(op, "num_layers", 1);
  const std::uint64_t directions = flag_attr(op, "bidirectional", 0) ? 2 : 1;
  const bool batch_first = flag_attr(op, "batch_first", 0);
  const bool has_bias = flag_attr(op, "has_bias", 1);

  // X is (T, B, I), (B, T, I) when batch_first, or an unbatched (T, I).
  const Tensor& x = op.required_input(0);
  if (rank(x) != 2 && rank(x) != 3) {
    fail(op, "input " + describe(x) + " must be (T, B, I), (B, T, I) or (T, I)");
  }
  const bool batched = rank(x) == 3;
  const std::uint64_t steps = dim(op, x, batched && batch_first ? 1 : 0);
  const std::uint64_t batch = batched ? dim(op, x, batch_first ? 0 : 1) : 1;
  const std::uint64_t input_size = dim(op, x, -1);

  const std::uint64_t gate_rows = checked_mul(cell.gates, hidden, "recurrent gate rows");
  const std::uint64_t tokens = checked_mul(steps, batch, "recurrent steps × batch");
  const std::uint64_t per_unit = cell.elementwise + (has_bias ? 2 * cell.gates : 0);
  std::uint64_t macs = 0;
  std::uint64_t elementwise = 0;
  std::uint64_t weights = 0;
  for (std::uint64_t layer = 0; layer < layers; ++layer) {
    // Layers after the first read the previous layer's output, all directions concatenated.
    const std::uint64_t layer_input =
        layer == 0 ? input_size : checked_mul(hidden, directions, "recurrent layer input");
    const std::uint64_t row = checked_add(layer_input, hidden, "recurrent I + H");
    const std::uint64_t matrices = checked_mul(gate_rows, row, "recurrent weights");
    const std::uint64_t layer_weights =
        checked_add(matrices, has_bias ? checked_mul(2, gate_rows) : 0, "recurrent weights");
    checked_add_to(weights, checked_mul(directions, layer_weights, "recurrent weights"));
    checked_add_to(macs,
                   checked_mul(directions, checked_mul(tokens, matrices, "recurrent MACs"), "MACs"),
                   "recurrent MACs");
    checked_add_to(elementwise,
                   checked_mul(checked_mul(directions, tokens), checked_mul(hidden, per_unit)),
                   "recurrent FLOPs");
  }

  // The weights must be exactly what the attributes and X describe; otherwise the frontend put
  // operands in the wrong slots or an attribute is wrong, and any figure would be too.
  std::uint64_t seen = 0;
  for (std::size_t i = kFirstWeight; i < op.inputs.size(); ++i) {
    if (const Tensor* w = op.input(i)) checked_add_to(seen, w->numel(), "recurrent weights");
  }
  if (seen != weights) {
    fail(op, "weights hold " + std::to_string(seen) + " elements; " + std::to_string(layers) +
                 " layer(s) × " + std::to_string(directions) + " direction(s) of hidden size " +
                 std::to_string(hidden) + " over input " + describe(x) + " need " +
                 std::to_string(weights));
  }
  return {macs,
          checked_add(checked_mul(2, macs, "recurrent FLOPs"), elementwise, "recurrent FLOPs")};
}

}  // namespace

std::vector<std::string> RecurrentCostModel::ops() const { return table_ops(kCells); }

OpCost RecurrentCostModel::cost(const OpView& op) const {
  return price(op, table_entry(kCells, op));
}

}  // namespace graphstat::plugins
