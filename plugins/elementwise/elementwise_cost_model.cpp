#include "elementwise_cost_model.hpp"

#include <array>

#include "common/cost_helpers.hpp"

namespace graphstat::plugins {
namespace {

// One FLOP per elementary operation or special function, per output element: an add that
// broadcasts a bias still does one add per element it writes.
constexpr auto kRates = std::to_array<Rate>({
    // 1: a single arithmetic operation, comparison or special function.
    {"relu", 1},
    {"clip", 1},
    {"add", 1},
    {"sub", 1},
    {"mul", 1},
    {"div", 1},
    {"pow", 1},
    {"sqrt", 1},
    {"rsqrt", 1},
    {"reciprocal", 1},
    {"exp", 1},
    {"log", 1},
    {"neg", 1},
    {"abs", 1},
    {"erf", 1},
    {"tanh", 1},
    {"sin", 1},
    {"cos", 1},
    {"floor", 1},
    {"ceil", 1},
    {"round", 1},
    {"sign", 1},
    {"max", 1},
    {"min", 1},
    {"mod", 1},
    {"where", 1},
    {"equal", 1},
    {"not_equal", 1},
    {"less", 1},
    {"greater", 1},
    {"less_equal", 1},
    {"greater_equal", 1},
    {"not", 1},
    {"and", 1},
    {"or", 1},
    {"xor", 1},
    {"bitwise_not", 1},
    // 2: compare, multiply.
    {"leaky_relu", 2},
    {"prelu", 2},
    // 3: sigmoid is exp, add, divide; hardsigmoid multiply, add, clamp.
    {"sigmoid", 3},
    {"hardsigmoid", 3},
    {"elu", 3},
    {"softplus", 3},
    // 4: a sigmoid (or hardsigmoid) and a multiply.
    {"silu", 4},
    {"hardswish", 4},
    // 5: gelu is divide, erf, add, two multiplies; softmax max, subtract, exp, sum, divide.
    {"gelu", 5},
    {"softmax", 5},
    {"log_softmax", 5},
    {"mish", 5},
});

}  // namespace

std::vector<std::string> ElementwiseCostModel::ops() const { return table_ops(kRates); }

OpCost ElementwiseCostModel::cost(const OpView& op) const {
  return per_output_element(op, table_entry(kRates, op).flops_per_element);
}

}  // namespace graphstat::plugins
