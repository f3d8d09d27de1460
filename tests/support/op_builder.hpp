#pragma once
/// Builds an OpView for cost-model tests without a Graph: a cost model reads only the op node and
/// its resolved operands, so a test states just the shapes and attributes of the formula it checks.
///
///     OpBuilder conv("conv");
///     conv.input({1, 3, 224, 224}).weight({64, 3, 7, 7}).output({1, 64, 112, 112});
///     OpCost cost = ConvCostModel{}.cost(conv.view());

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphstat/cost_model.hpp"
#include "graphstat/error.hpp"
#include "graphstat/graph.hpp"

namespace graphstat::test {

class OpBuilder {
 public:
  explicit OpBuilder(std::string op, std::string name = "test_op") {
    node_.op = std::move(op);
    node_.name = std::move(name);
    node_.source_op = "Test::" + node_.op;
  }

  OpBuilder& input(Shape shape, TensorRole role = TensorRole::activation) {
    node_.inputs.push_back(add_tensor(std::move(shape), role));
    return *this;
  }
  /// A parameter operand (conv weight, bias).
  OpBuilder& weight(Shape shape) { return input(std::move(shape), TensorRole::parameter); }
  /// An absent optional operand, kept in its slot as frontends do.
  OpBuilder& absent() {
    node_.inputs.push_back(kNoTensor);
    return *this;
  }
  OpBuilder& output(Shape shape) {
    node_.outputs.push_back(add_tensor(std::move(shape), TensorRole::activation));
    return *this;
  }
  OpBuilder& attr(const std::string& key, AttrValue value) {
    node_.attrs.insert_or_assign(key, std::move(value));
    return *this;
  }

  /// Resolves the operands as the core does. Valid while this builder lives and is not changed.
  OpView view() const { return OpView{node_, resolve(node_.inputs), resolve(node_.outputs)}; }

 private:
  TensorId add_tensor(Shape shape, TensorRole role) {
    const auto id = static_cast<TensorId>(tensors_.size());
    Tensor& tensor = tensors_.emplace_back();
    tensor.name = node_.name + ".t" + std::to_string(id);
    tensor.shape = std::move(shape);
    tensor.role = role;
    return id;
  }

  std::vector<const Tensor*> resolve(const std::vector<TensorId>& ids) const {
    std::vector<const Tensor*> tensors;
    for (const TensorId id : ids) tensors.push_back(id == kNoTensor ? nullptr : &tensors_[id]);
    return tensors;
  }

  std::vector<Tensor> tensors_;  // Indexed by TensorId, so the builder can be copied and returned.
  OpNode node_;
};

/// Predicate for BOOST_CHECK_EXCEPTION: the error names the op and says what is wrong.
inline auto error_mentions(std::string op_name, std::string problem) {
  return [op_name = std::move(op_name), problem = std::move(problem)](const Error& error) {
    const std::string_view message = error.what();
    return message.find("'" + op_name + "'") != std::string_view::npos &&
           message.find(problem) != std::string_view::npos;
  };
}

/// ops() as a sorted list, to compare with the documented set regardless of table order.
inline std::vector<std::string> sorted(std::vector<std::string> ops) {
  std::sort(ops.begin(), ops.end());
  return ops;
}

}  // namespace graphstat::test
