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

// ONNX's default activations, which are what PyTorch computes: LSTM's f, g, h and GRU's f, g.
bool default_activations(const Node& node, const std::vector<std::string>& per_direction) {
  const Attribute* a = node.attr("activations");
  if (a == nullptr) return true;
  for (std::size_t k = 0; k < a->strings.size(); ++k) {
    if (a->strings[k] != per_direction[k % per_direction.size()]) return false;
  }
  return a->strings.size() % per_direction.size() == 0;
}

// LSTM, GRU and RNN as PyTorch exports them map to the canonical `lstm`, `gru`, `rnn` with the
// canonical attributes (docs/cost-model.md, "Recurrent"), one layer per node. Forms the formula
// does not describe (peepholes, coupled input-forget gate, clipping, other activations, per-batch
// sequence lengths, no hidden_size) stay unmapped, so they are listed as unsupported rather than
// priced wrongly.
std::optional<MappedOp> map_recurrent(const Node& node) {
  std::int64_t gates = 0;
  std::string op;
  std::string nonlinearity;
  if (node.op_type == "LSTM") {
    gates = 4;
    op = "lstm";
    if (!node.input(7).empty() || node.attr_int("input_forget", 0) != 0 ||
        !default_activations(node, {"Sigmoid", "Tanh", "Tanh"})) {
      return std::nullopt;
    }
  } else if (node.op_type == "GRU") {
    gates = 3;
    op = "gru";
    if (!default_activations(node, {"Sigmoid", "Tanh"})) return std::nullopt;
  } else if (node.op_type == "RNN") {
    gates = 1;
    op = "rnn";
    if (default_activations(node, {"Tanh"})) {
      nonlinearity = "tanh";
    } else if (default_activations(node, {"Relu"})) {
      nonlinearity = "relu";
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  const std::int64_t hidden = node.attr_int("hidden_size", 0);
  const Attribute* direction = node.attr("direction");
  if (hidden <= 0 || node.attr("clip") != nullptr || !node.input(4).empty()) return std::nullopt;
  MappedOp mapped{op, true};
  // Canonical operands: X, h0, c0, then the weights W, R, B.
  mapped.operand_order = {0, 5, op == "lstm" ? 6 : kAbsentOperand, 1, 2, 3};
  std::map<std::string, AttrValue, std::less<>> attrs;
  attrs.emplace("hidden_size", hidden);
  attrs.emplace("num_layers", std::int64_t{1});
  attrs.emplace("bidirectional",
                std::int64_t{direction != nullptr && direction->s == "bidirectional" ? 1 : 0});
  attrs.emplace("batch_first", std::int64_t{node.attr_int("layout", 0) != 0 ? 1 : 0});
  attrs.emplace("has_bias", std::int64_t{node.input(3).empty() ? 0 : 1});
  attrs.emplace("gates", gates);
  if (!nonlinearity.empty()) attrs.emplace("nonlinearity", nonlinearity);
  mapped.attrs = std::move(attrs);
  return mapped;
}

// GridSample, RoiAlign and NonMaxSuppression map to the canonical ops TorchScript's
// grid_sampler and torchvision's roi_align / nms give, with the same attribute set
// (docs/cost-model.md), so one plugin prices both formats alike.
std::optional<MappedOp> map_detection(const Node& node) {
  std::map<std::string, AttrValue, std::less<>> attrs;
  if (node.op_type == "GridSample") {
    // Opset 16 says bilinear/bicubic, opset 20 linear/cubic; the canonical names are torch's.
    const Attribute* mode = node.attr("mode");
    std::string m = mode == nullptr ? "bilinear" : mode->s;
    if (m == "linear") m = "bilinear";
    if (m == "cubic") m = "bicubic";
    attrs.emplace("mode", m);
    return MappedOp{"grid_sample", true, {0, 1}, std::move(attrs)};
  }
  if (node.op_type == "RoiAlign") {
    // Only the average (torchvision's roi_align); mode=max is another computation: unmapped.
    const Attribute* mode = node.attr("mode");
    if (mode != nullptr && mode->s != "avg") return std::nullopt;
    const Attribute* scale = node.attr("spatial_scale");
    attrs.emplace("output_height", node.attr_int("output_height", 1));
    attrs.emplace("output_width", node.attr_int("output_width", 1));
    // 0 (ONNX's default) is adaptive: the core leaves the op waiting on a symbol
    // (passes/adaptive_roi.hpp), never a plugin's error.
    attrs.emplace("sampling_ratio", node.attr_int("sampling_ratio", 0));
    attrs.emplace("spatial_scale", scale == nullptr ? 1.0 : static_cast<double>(scale->f));
    // X, rois (K, 4), batch_indices (K): torchvision's rois (K, 5) hold the index as a column.
    return MappedOp{"roi_align", true, {0, 1, 2}, std::move(attrs)};
  }
  if (node.op_type == "NonMaxSuppression") {
    // boxes, scores; the thresholds are plumbing. Not priced: its work depends on the boxes.
    return MappedOp{"non_max_suppression", true, {0, 1}, std::move(attrs)};
  }
  return std::nullopt;
}

}  // namespace

MappedOp map_op(const Node& node) {
  if (node.is_default_domain()) {
    if (auto recurrent = map_recurrent(node)) return std::move(*recurrent);
    if (auto detection = map_detection(node)) return std::move(*detection);
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
