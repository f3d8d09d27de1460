#pragma once
/// Cost-model plugin interface: prices canonical ops (docs/cost-model.md has the formulas).

#include <cstdint>
#include <string>
#include <vector>

#include "graphstat/graph.hpp"
#include "graphstat/plugin.hpp"

namespace graphstat {

/// Arithmetic of one op. Memory traffic is not here: the core derives it the same way for every op
/// (input + output + weight bytes), so that an op no cost model prices still has its memory
/// counted.
struct OpCost {
  std::uint64_t macs = 0;   ///< Multiply-accumulates; only conv/linear/matmul-like ops have any.
  std::uint64_t flops = 0;  ///< Floating-point operations, 2 per MAC plus everything else.
};

/// An op with its operands resolved, as a cost model sees it.
struct OpView {
  const OpNode& node;
  std::vector<const Tensor*> inputs;   ///< In operand order; nullptr for an absent optional one.
  std::vector<const Tensor*> outputs;  ///< In order.

  /// Operand i, or nullptr when absent or out of range.
  const Tensor* input(std::size_t i) const { return i < inputs.size() ? inputs[i] : nullptr; }
  const Tensor* output(std::size_t i) const { return i < outputs.size() ? outputs[i] : nullptr; }
  /// Operand i, or a graphstat::Error naming the op when it is missing.
  const Tensor& required_input(std::size_t i) const;
  const Tensor& required_output(std::size_t i) const;
};

class BOOST_SYMBOL_VISIBLE CostModel : public Plugin {
 public:
  ~CostModel() override;

  /// The canonical ops this model prices. A model loaded later overrides an earlier one op by op,
  /// which is how a third party replaces a built-in formula.
  virtual std::vector<std::string> ops() const = 0;

  /// Prices one op whose canonical name is in ops(). Throws graphstat::Error when the op's operands
  /// do not fit the formula (a conv without weight, a rank mismatch).
  virtual OpCost cost(const OpView& op) const = 0;
};

}  // namespace graphstat
