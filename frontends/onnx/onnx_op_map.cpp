#include "onnx_op_map.hpp"

#include <string_view>
#include <unordered_map>

namespace graphstat::frontends::onnxfe {
namespace {

struct Entry {
  std::string_view op;
  bool positional;
};

const std::unordered_map<std::string_view, Entry>& table() {
  static const std::unordered_map<std::string_view, Entry> map = {
      // Products (weights and bias in their slots).
      {"Conv", {"conv", true}},
      {"ConvTranspose", {"conv_transpose", true}},
      {"Gemm", {"gemm", true}},
      {"MatMul", {"matmul", true}},
      {"Einsum", {"einsum", true}},
      // Normalization.
      {"BatchNormalization", {"batch_norm", true}},
      {"LayerNormalization", {"layer_norm", true}},
      {"InstanceNormalization", {"instance_norm", true}},
      {"GroupNormalization", {"group_norm", true}},
      {"LRN", {"local_response_norm", false}},
      // Elementwise.
      {"Relu", {"relu", false}},
      {"Clip", {"clip", false}},
      {"HardSwish", {"hardswish", false}},
      {"HardSigmoid", {"hardsigmoid", false}},
      {"Sigmoid", {"sigmoid", false}},
      {"Tanh", {"tanh", false}},
      {"Erf", {"erf", false}},
      {"Gelu", {"gelu", false}},
      {"Softmax", {"softmax", false}},
      {"LogSoftmax", {"log_softmax", false}},
      {"Add", {"add", false}},
      {"Sub", {"sub", false}},
      {"Mul", {"mul", false}},
      {"Div", {"div", false}},
      {"Pow", {"pow", false}},
      {"Sqrt", {"sqrt", false}},
      {"Reciprocal", {"reciprocal", false}},
      {"Exp", {"exp", false}},
      {"Log", {"log", false}},
      {"Neg", {"neg", false}},
      {"Abs", {"abs", false}},
      {"Sin", {"sin", false}},
      {"Cos", {"cos", false}},
      {"Floor", {"floor", false}},
      {"Ceil", {"ceil", false}},
      {"Round", {"round", false}},
      {"Sign", {"sign", false}},
      {"Max", {"max", false}},
      {"Min", {"min", false}},
      {"Mod", {"mod", false}},
      {"Where", {"where", false}},
      {"Equal", {"equal", false}},
      {"Less", {"less", false}},
      {"Greater", {"greater", false}},
      {"LessOrEqual", {"less_equal", false}},
      {"GreaterOrEqual", {"greater_equal", false}},
      {"Not", {"not", false}},
      {"And", {"and", false}},
      {"Or", {"or", false}},
      {"Xor", {"xor", false}},
      {"BitwiseNot", {"bitwise_not", false}},
      {"LeakyRelu", {"leaky_relu", false}},
      {"PRelu", {"prelu", false}},
      {"Elu", {"elu", false}},
      {"Softplus", {"softplus", false}},
      {"Mish", {"mish", false}},
      // Pooling and reductions.
      {"MaxPool", {"max_pool", true}},
      {"AveragePool", {"avg_pool", true}},
      {"GlobalAveragePool", {"global_avg_pool", true}},
      {"GlobalMaxPool", {"global_max_pool", true}},
      {"ReduceMean", {"reduce_mean", true}},
      {"ReduceSum", {"reduce_sum", true}},
      {"ReduceProd", {"reduce_prod", true}},
      {"ReduceMax", {"reduce_max", true}},
      {"ReduceMin", {"reduce_min", true}},
      {"ReduceL2", {"reduce_l2", true}},
      {"ReduceSumSquare", {"reduce_sum_square", true}},
      {"ReduceL1", {"reduce_l1", true}},
      {"ReduceLogSum", {"reduce_log_sum", true}},
      {"ReduceLogSumExp", {"reduce_log_sum_exp", true}},
      {"ArgMax", {"argmax", true}},
      {"ArgMin", {"argmin", true}},
      {"CumSum", {"cumsum", true}},
      // Data movement.
      {"Flatten", {"flatten", false}},
      {"Reshape", {"reshape", false}},
      {"Transpose", {"transpose", false}},
      {"Concat", {"concat", false}},
      {"Split", {"split", false}},
      {"Slice", {"slice", false}},
      {"Gather", {"gather", false}},
      {"GatherElements", {"gather_elements", false}},
      {"ScatterND", {"scatter", false}},
      {"ScatterElements", {"scatter", false}},
      {"Scatter", {"scatter", false}},
      {"Pad", {"pad", false}},
      {"Shape", {"shape", false}},
      {"Size", {"shape", false}},
      {"Unsqueeze", {"unsqueeze", false}},
      {"Squeeze", {"squeeze", false}},
      {"Expand", {"expand", false}},
      {"Tile", {"tile", false}},
      {"ConstantOfShape", {"constant_of_shape", false}},
      {"Range", {"range", false}},
      {"Resize", {"resize", false}},
      {"Upsample", {"resize", false}},
      {"Cast", {"cast", false}},
      {"CastLike", {"cast", false}},
      {"Identity", {"identity", false}},
      {"Dropout", {"dropout", false}},
      {"NonZero", {"non_zero", false}},
      {"TopK", {"top_k", false}},
      {"OneHot", {"one_hot", false}},
  };
  return map;
}

}  // namespace

MappedOp map_op(const Node& node) {
  if (node.is_default_domain()) {
    auto it = table().find(node.op_type);
    if (it != table().end()) return {std::string(it->second.op), it->second.positional};
  }
  return {(node.domain.empty() ? std::string("ai.onnx") : node.domain) + "::" + node.op_type, true};
}

bool reads_only_shapes(const Node& node) {
  return node.is_default_domain() && (node.op_type == "Shape" || node.op_type == "Size");
}

void copy_attributes(const Node& node, OpNode& op) {
  for (const auto& a : node.attributes) {
    switch (a.type) {
      case AttrType::i:
        op.attrs.emplace(a.name, a.i);
        break;
      case AttrType::f:
        op.attrs.emplace(a.name, static_cast<double>(a.f));
        break;
      case AttrType::s:
        op.attrs.emplace(a.name, a.s);
        break;
      case AttrType::ints:
        op.attrs.emplace(a.name, a.ints);
        break;
      case AttrType::floats:
        op.attrs.emplace(a.name, std::vector<double>(a.floats.begin(), a.floats.end()));
        break;
      default:
        break;  // Tensors and subgraphs are not cost inputs.
    }
  }
}

}  // namespace graphstat::frontends::onnxfe
