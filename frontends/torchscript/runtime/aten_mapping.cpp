#include "aten_mapping.hpp"

#include <ATen/core/Tensor.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace graphstat::frontends::torchscript {
namespace {

using torch::jit::Node;
using torch::jit::Value;

// In-place variants (relu_, add_) price like their out-of-place op; dunder names stay.
std::string base_name(const Node& node) {
  std::string name = node.kind().toUnqualString();
  if (name.size() > 1 && name.back() == '_' && name.compare(name.size() - 2, 2, "__") != 0) {
    name.pop_back();
  }
  return name;
}

// aten base name -> canonical op. Same table as tools/export_zoo.py, so a .pt and the JSON graph
// exported from the same trace give the same report.
const std::unordered_map<std::string, std::string>& canonical_names() {
  static const std::unordered_map<std::string, std::string> table = [] {
    std::unordered_map<std::string, std::string> t;
    for (const char* same :
         {"relu",          "gelu",      "sigmoid",     "tanh",      "exp",        "log",
          "sqrt",          "rsqrt",     "neg",         "abs",       "erf",        "sin",
          "cos",           "floor",     "ceil",        "round",     "sign",       "reciprocal",
          "silu",          "hardswish", "hardsigmoid", "mish",      "softplus",   "elu",
          "leaky_relu",    "prelu",     "pow",         "sub",       "mul",        "div",
          "add",           "where",     "flatten",     "dropout",   "contiguous", "expand",
          "roll",          "flip",      "squeeze",     "unsqueeze", "layer_norm", "group_norm",
          "instance_norm", "embedding", "one_hot",     "linear",    "matmul",     "einsum",
          "batch_norm",    "softmax",   "log_softmax", "split",     "slice",      "pad",
          "transpose",     "reshape",   "concat",      "cumsum",    "argmax",     "argmin",
          "gather",        "scatter"}) {
      t.emplace(same, same);
    }
    const std::pair<const char*, const char*> renamed[] = {
        {"hardtanh", "clip"},
        {"relu6", "clip"},
        {"clamp", "clip"},
        {"clamp_min", "clip"},
        {"clamp_max", "clip"},
        {"eq", "equal"},
        {"ne", "not_equal"},
        {"fill", "constant_of_shape"},
        {"zero", "constant_of_shape"},
        {"norm", "reduce_l2"},
        {"lt", "less"},
        {"gt", "greater"},
        {"le", "less_equal"},
        {"ge", "greater_equal"},
        {"maximum", "max"},
        {"minimum", "min"},
        {"logical_not", "not"},
        {"logical_and", "and"},
        {"logical_or", "or"},
        {"logical_xor", "xor"},
        {"bitwise_not", "bitwise_not"},
        {"remainder", "mod"},
        {"fmod", "mod"},
        {"floor_divide", "div"},
        {"true_divide", "div"},
        {"multiply", "mul"},
        {"subtract", "sub"},
        {"rsub", "sub"},
        {"divide", "div"},
        {"masked_fill", "where"},
        {"feature_dropout", "dropout"},
        {"alpha_dropout", "dropout"},
        {"feature_alpha_dropout", "dropout"},
        {"view", "reshape"},
        {"_reshape_alias", "reshape"},
        {"view_as", "reshape"},
        {"reshape_as", "reshape"},
        {"unflatten", "reshape"},
        {"clone", "identity"},
        {"detach", "identity"},
        {"lift_fresh", "identity"},
        {"alias", "identity"},
        {"to", "cast"},
        {"type_as", "cast"},
        {"_to_copy", "cast"},
        {"expand_as", "expand"},
        {"repeat", "tile"},
        {"constant_pad_nd", "pad"},
        {"reflection_pad2d", "pad"},
        {"replication_pad2d", "pad"},
        {"cat", "concat"},
        {"stack", "concat"},
        {"chunk", "split"},
        {"split_with_sizes", "split"},
        {"unbind", "split"},
        {"tensor_split", "split"},
        {"narrow", "slice"},
        {"select", "gather"},
        {"index_select", "gather"},
        {"index", "gather"},
        {"gather", "gather_elements"},
        {"zeros", "constant_of_shape"},
        {"ones", "constant_of_shape"},
        {"full", "constant_of_shape"},
        {"zeros_like", "constant_of_shape"},
        {"ones_like", "constant_of_shape"},
        {"full_like", "constant_of_shape"},
        {"new_zeros", "constant_of_shape"},
        {"new_ones", "constant_of_shape"},
        {"arange", "range"},
        {"linspace", "range"},
        {"triu", "trilu"},
        {"tril", "trilu"},
        {"meshgrid", "expand"},
        {"repeat_interleave", "tile"},
        {"grid_sampler", "grid_sample"},
        {"mean", "reduce_mean"},
        {"sum", "reduce_sum"},
        {"prod", "reduce_prod"},
        {"amax", "reduce_max"},
        {"amin", "reduce_min"},
        {"topk", "top_k"},
        {"nonzero", "non_zero"},
        {"max_pool1d", "max_pool"},
        {"max_pool2d", "max_pool"},
        {"max_pool3d", "max_pool"},
        {"max_pool2d_with_indices", "max_pool"},
        {"avg_pool1d", "avg_pool"},
        {"avg_pool2d", "avg_pool"},
        {"avg_pool3d", "avg_pool"},
        {"adaptive_avg_pool1d", "adaptive_avg_pool"},
        {"adaptive_avg_pool2d", "adaptive_avg_pool"},
        {"adaptive_avg_pool3d", "adaptive_avg_pool"},
        {"adaptive_max_pool1d", "adaptive_max_pool"},
        {"adaptive_max_pool2d", "adaptive_max_pool"},
        {"adaptive_max_pool3d", "adaptive_max_pool"},
        {"upsample_nearest1d", "resize"},
        {"upsample_nearest2d", "resize"},
        {"upsample_nearest3d", "resize"},
        {"upsample_linear1d", "resize"},
        {"upsample_bilinear2d", "resize"},
        {"upsample_trilinear3d", "resize"},
        {"upsample_bicubic2d", "resize"},
        {"_softmax", "softmax"},
        {"_log_softmax", "log_softmax"},
        {"mm", "matmul"},
        {"bmm", "matmul"},
        {"addmm", "matmul"},
        {"baddbmm", "matmul"},
        {"_convolution", "conv"},
        {"convolution", "conv"},
        {"conv1d", "conv"},
        {"conv2d", "conv"},
        // What a traced conv with padding='same' or 'valid' records (the string-padding overload).
        {"_convolution_mode", "conv"},
        {"conv3d", "conv"},
        {"conv_transpose1d", "conv_transpose"},
        {"conv_transpose2d", "conv_transpose"},
        {"conv_transpose3d", "conv_transpose"},
        {"permute", "transpose"},
        {"t", "transpose"},
        {"_native_multi_head_attention", "multi_head_attention"},
        {"_transformer_encoder_layer_fwd", "transformer_encoder_layer"},
        {"lstm", "lstm"},
        {"gru", "gru"},
        {"rnn_tanh", "rnn"},
        {"rnn_relu", "rnn"},
    };
    for (const auto& [from, to] : renamed) t.insert_or_assign(from, to);
    return t;
  }();
  return table;
}

class Args {
 public:
  Args(const Node& node, const ValueSource& values) : node_(node), values_(values) {}

  const Value* at(std::size_t i) const { return node_.inputs().at(i); }
  std::size_t size() const { return node_.inputs().size(); }
  const c10::IValue& value(std::size_t i) const { return values_.value(at(i)); }
  // An optional tensor operand: nullptr when None (or beyond the arguments given).
  const Value* optional(std::size_t i) const {
    if (i >= size()) return nullptr;
    const c10::IValue& v = value(i);
    return v.isTensor() && v.toTensor().defined() ? at(i) : nullptr;
  }
  std::int64_t integer(std::size_t i) const { return value(i).toInt(); }
  bool flag(std::size_t i) const { return value(i).toBool(); }
  const Node& node() const { return node_; }
  const ValueSource& values() const { return values_; }
  std::vector<std::int64_t> ints(std::size_t i) const {
    const c10::IValue& v = value(i);
    return v.isInt() ? std::vector<std::int64_t>{v.toInt()} : v.toIntVector();
  }

 private:
  const Node& node_;
  const ValueSource& values_;
};

using Special = void (*)(const Args&, MappedOp&);

// Where a convolution's arguments are: _convolution/convolution (input, weight, bias, stride,
// padding, dilation, transposed, output_padding, groups), conv{N}d (..., dilation, groups),
// conv_transpose{N}d (..., padding, output_padding, groups, dilation).
struct ConvPositions {
  std::size_t stride, padding, dilation, groups;
  std::optional<std::size_t> output_padding;
};

std::vector<std::int64_t> spread(std::vector<std::int64_t> v, std::size_t n) {
  if (v.size() == 1 && n > 1) v.assign(n, v[0]);
  return v;
}

// The attributes ONNX's Conv carries (kernel_shape, strides, pads as begins then ends, dilations,
// group), so a plugin sees the same op from either frontend.
void conv_operands(const Args& a, MappedOp& m, const ConvPositions& at) {
  m.operands = {a.at(0), a.at(1), a.optional(2)};
  const at::Tensor& w = a.value(1).toTensor();
  const auto nd = static_cast<std::size_t>(std::max<std::int64_t>(w.dim() - 2, 0));
  const std::vector<std::int64_t> kernel(w.sizes().begin() + 2, w.sizes().end());
  const auto stride = spread(a.ints(at.stride), nd);
  const auto dilation = spread(a.ints(at.dilation), nd);
  std::vector<std::int64_t> pads(2 * nd, 0);
  if (a.value(at.padding).isString()) {
    if (a.value(at.padding).toStringRef() == "same") {  // PyTorch pads the extra one at the end
      for (std::size_t d = 0; d < nd && d < dilation.size(); ++d) {
        const std::int64_t total = dilation[d] * (kernel[d] - 1);
        pads[d] = total / 2;
        pads[d + nd] = total - total / 2;
      }
    }
  } else {
    const auto padding = spread(a.ints(at.padding), nd);
    for (std::size_t d = 0; d < nd && d < padding.size(); ++d) pads[d] = pads[d + nd] = padding[d];
  }
  m.attrs["kernel_shape"] = kernel;
  m.attrs["strides"] = stride;
  m.attrs["pads"] = pads;
  m.attrs["dilations"] = dilation;
  m.attrs["group"] = a.integer(at.groups);
  if (at.output_padding) m.attrs["output_padding"] = spread(a.ints(*at.output_padding), nd);
}

void underscore_convolution(const Args& a, MappedOp& m) {
  const bool transposed = a.value(6).toBool();
  conv_operands(a, m, {3, 4, 5, 8, transposed ? std::optional<std::size_t>(7) : std::nullopt});
  if (transposed) m.op = "conv_transpose";
}
void conv_nd(const Args& a, MappedOp& m) { conv_operands(a, m, {3, 4, 5, 6, std::nullopt}); }
void conv_transpose_nd(const Args& a, MappedOp& m) { conv_operands(a, m, {3, 4, 7, 6, 5}); }

// upsample_{nearest,linear,bilinear,bicubic,trilinear}Nd: the `mode` ONNX's Resize carries.
void upsample(const Args& a, MappedOp& m, const char* mode) {
  m.operands = {a.at(0)};
  m.attrs["mode"] = std::string(mode);
}

// grid_sampler(input, grid, interpolation_mode (0 bilinear, 1 nearest, 2 bicubic), padding_mode,
// align_corners): ONNX GridSample's modes.
void grid_sampler(const Args& a, MappedOp& m) {
  m.operands = {a.at(0), a.at(1)};
  const std::int64_t mode = a.integer(2);
  m.attrs["mode"] = std::string(mode == 1 ? "nearest" : mode == 2 ? "bicubic" : "bilinear");
}

// transpose(x, dim0, dim1), permute(x, dims), t(x): the `perm` ONNX's Transpose carries, so a
// pass sees the same op from either frontend (the attention pattern tells a batch_first swap by
// it). Left without `perm` when x's rank or a dim is not known.
void transpose_perm(const Args& a, MappedOp& m) {
  m.operands = {a.at(0)};
  const c10::IValue& x = a.value(0);
  if (!x.isTensor() || !x.toTensor().defined()) return;
  const std::int64_t rank = x.toTensor().dim();
  std::vector<std::int64_t> perm(static_cast<std::size_t>(rank));
  for (std::int64_t d = 0; d < rank; ++d) perm[static_cast<std::size_t>(d)] = d;
  const auto wrap = [rank](std::int64_t d) -> std::optional<std::size_t> {
    if (d < 0) d += rank;
    if (d < 0 || d >= rank) return std::nullopt;
    return static_cast<std::size_t>(d);
  };
  const std::string kind = a.node().kind().toUnqualString();
  if (kind == "permute") {
    if (a.size() < 2 || !(a.value(1).isIntList() || a.value(1).isInt())) return;
    const std::vector<std::int64_t> dims = a.ints(1);
    if (dims.size() != perm.size()) return;
    for (std::size_t i = 0; i < dims.size(); ++i) {
      const auto d = wrap(dims[i]);
      if (!d) return;
      perm[i] = static_cast<std::int64_t>(*d);
    }
  } else if (kind == "t") {
    if (rank == 2) std::swap(perm[0], perm[1]);
  } else {
    if (a.size() < 3 || !a.value(1).isInt() || !a.value(2).isInt()) return;
    const auto d0 = wrap(a.integer(1));
    const auto d1 = wrap(a.integer(2));
    if (!d0 || !d1) return;
    std::swap(perm[*d0], perm[*d1]);
  }
  m.attrs["perm"] = std::move(perm);
}

// avg/max_pool{N}d(x, kernel_size, ...): kernel_size=3 on a 2-d pool means 3x3.
template <std::size_t N>
void pool_kernel(const Args& a, MappedOp& m) {
  m.operands = {a.at(0)};
  std::vector<std::int64_t> kernel = a.ints(1);
  if (kernel.size() == 1) kernel.assign(N, kernel[0]);
  m.attrs["kernel_shape"] = kernel;
}

// aten::lstm(input, hx[2], params[], has_biases, num_layers, dropout, train, bidirectional,
// batch_first); gru, rnn_tanh and rnn_relu take one hx tensor in place of the list. A whole layer
// stack becomes one canonical op with operands X, h0, c0 (LSTM only), then the weights, and the
// canonical attributes of docs/cost-model.md ("Recurrent"), as the ONNX frontend fills them.
// The packed-sequence overloads (`.data`: data, batch_sizes, hx, params, ...) and LSTMs with
// projections (proj_size > 0: a fifth weight per layer) are renamed so that no cost model prices
// them: they are listed as unsupported, never priced as something they are not.
void recurrent(const Args& a, MappedOp& m, std::int64_t gates, const char* nonlinearity) {
  const std::string unsupported = m.op + (m.op == "rnn" ? std::string("_") + nonlinearity : "");
  const c10::FunctionSchema* schema = a.node().maybeSchema();
  if (schema == nullptr || schema->overload_name() != "input") {
    m.op = unsupported + "_packed_sequence";
    m.operands = tensor_operands(a.node(), a.values());
    return;
  }
  const bool has_bias = a.flag(3);
  const std::int64_t layers = a.integer(4);
  const bool bidirectional = a.flag(7);
  const auto params = a.value(2).toTensorVector();
  const std::size_t per_cell = has_bias ? 4 : 2;
  if (layers <= 0 ||
      params.size() != static_cast<std::size_t>(layers) * (bidirectional ? 2 : 1) * per_cell) {
    m.op = unsupported + "_projected";
    m.operands = tensor_operands(a.node(), a.values());
    return;
  }
  m.operands = {a.at(0), a.at(1)};
  if (m.op != "lstm") m.operands.push_back(nullptr);  // no cell state
  m.operands.push_back(a.at(2));
  m.attrs["hidden_size"] = params[1].size(1);  // weight_hh_l0 is (gates·H, H)
  m.attrs["num_layers"] = layers;
  m.attrs["bidirectional"] = std::int64_t{bidirectional ? 1 : 0};
  m.attrs["batch_first"] = std::int64_t{a.flag(8) ? 1 : 0};
  m.attrs["has_bias"] = std::int64_t{has_bias ? 1 : 0};
  m.attrs["gates"] = gates;
  if (m.op == "rnn") m.attrs["nonlinearity"] = std::string(nonlinearity);
}

const std::unordered_map<std::string, Special>& specials() {
  static const std::unordered_map<std::string, Special> table = {
      // _convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding,
      // groups, ...): a transposed one is priced as conv_transpose.
      {"_convolution", underscore_convolution},
      {"convolution", underscore_convolution},
      {"conv1d", conv_nd},
      {"conv2d", conv_nd},
      // _convolution_mode(input, weight, bias, stride, padding: str, dilation, groups).
      {"_convolution_mode", conv_nd},
      {"conv3d", conv_nd},
      {"conv_transpose1d", conv_transpose_nd},
      {"conv_transpose2d", conv_transpose_nd},
      {"conv_transpose3d", conv_transpose_nd},
      {"upsample_nearest1d", [](const Args& a, MappedOp& m) { upsample(a, m, "nearest"); }},
      {"upsample_nearest2d", [](const Args& a, MappedOp& m) { upsample(a, m, "nearest"); }},
      {"upsample_nearest3d", [](const Args& a, MappedOp& m) { upsample(a, m, "nearest"); }},
      {"upsample_linear1d", [](const Args& a, MappedOp& m) { upsample(a, m, "linear"); }},
      {"upsample_bilinear2d", [](const Args& a, MappedOp& m) { upsample(a, m, "linear"); }},
      {"upsample_trilinear3d", [](const Args& a, MappedOp& m) { upsample(a, m, "linear"); }},
      {"upsample_bicubic2d", [](const Args& a, MappedOp& m) { upsample(a, m, "cubic"); }},
      {"grid_sampler", grid_sampler},
      {"transpose", transpose_perm},
      {"permute", transpose_perm},
      {"t", transpose_perm},
      {"triu",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0)};
         m.attrs["upper"] = std::int64_t{1};
       }},
      {"tril",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0)};
         m.attrs["upper"] = std::int64_t{0};
       }},
      {"linear",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0), a.at(1), a.optional(2)};
       }},
      // addmm(bias, a, b, beta, alpha) -> matmul(a, b, bias)
      {"addmm",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(1), a.at(2), a.at(0)};
       }},
      {"baddbmm",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(1), a.at(2), a.at(0)};
       }},
      {"einsum",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(1)};
         m.attrs["equation"] = a.value(0).toStringRef();
       }},
      // (query, key, value, embed_dim, num_head, qkv_weight, qkv_bias, proj_weight, proj_bias,
      // mask, ...); the fused kernel always takes batch-first (B, L, E) inputs.
      {"_native_multi_head_attention",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0), a.at(1), a.at(2), a.at(5), a.optional(6), a.at(7), a.optional(8)};
         if (const Value* mask = a.optional(9)) m.operands.push_back(mask);
         m.attrs["num_heads"] = a.integer(4);
         m.attrs["embed_dim"] = a.integer(3);
         m.attrs["batch_first"] = std::int64_t{1};
       }},
      // (src, embed_dim, num_heads, qkv_weight, qkv_bias, proj_weight, proj_bias, use_gelu,
      // norm_first, eps, norm_weight_1, norm_bias_1, norm_weight_2, norm_bias_2, ffn_weight_1,
      // ffn_bias_1, ffn_weight_2, ffn_bias_2, mask, mask_type): one whole encoder layer.
      {"_transformer_encoder_layer_fwd",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0),        a.at(3),        a.optional(4),  a.at(5),
                       a.optional(6),  a.optional(10), a.optional(11), a.optional(12),
                       a.optional(13), a.at(14),       a.optional(15), a.at(16),
                       a.optional(17), a.optional(18)};
         m.attrs["num_heads"] = a.integer(2);
         m.attrs["embed_dim"] = a.integer(1);
         m.attrs["batch_first"] = std::int64_t{1};
         m.attrs["activation"] = std::string(a.value(7).toBool() ? "gelu" : "relu");
         m.attrs["norm_first"] = std::int64_t{a.value(8).toBool() ? 1 : 0};
       }},
      {"batch_norm",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0), a.optional(1), a.optional(2), a.optional(3), a.optional(4)};
       }},
      {"instance_norm",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0), a.optional(1), a.optional(2), a.optional(3), a.optional(4)};
       }},
      {"layer_norm",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0), a.optional(2), a.optional(3)};
       }},
      {"group_norm",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0), a.optional(2), a.optional(3)};
       }},
      {"softmax",
       [](const Args& a, MappedOp& m) {
         m.operands = {a.at(0)};
         m.attrs["axis"] = a.integer(1);
       }},
      {"avg_pool1d", pool_kernel<1>},
      {"avg_pool2d", pool_kernel<2>},
      {"avg_pool3d", pool_kernel<3>},
      {"max_pool1d", pool_kernel<1>},
      {"max_pool2d", pool_kernel<2>},
      {"max_pool3d", pool_kernel<3>},
      {"max_pool2d_with_indices", pool_kernel<2>},
      {"lstm", [](const Args& a, MappedOp& m) { recurrent(a, m, 4, ""); }},
      {"gru", [](const Args& a, MappedOp& m) { recurrent(a, m, 3, ""); }},
      {"rnn_tanh", [](const Args& a, MappedOp& m) { recurrent(a, m, 1, "tanh"); }},
      {"rnn_relu", [](const Args& a, MappedOp& m) { recurrent(a, m, 1, "relu"); }},
  };
  return table;
}

// torchvision's ops (torchvision_ops.hpp), in the operand order of docs/cost-model.md.
std::optional<MappedOp> map_torchvision(const std::string& name, const Args& a) {
  MappedOp m;
  if (name == "nms") {  // its work depends on the boxes: listed, not priced
    m.op = "non_max_suppression";
    m.operands = {a.at(0), a.at(1)};
    return m;
  }
  if (name == "roi_align" || name == "ps_roi_align" || name == "roi_pool" ||
      name == "ps_roi_pool") {
    // (input, rois, spatial_scale, pooled_height, pooled_width[, sampling_ratio[, aligned]])
    m.op = name;
    m.operands = {a.at(0), a.at(1)};
    m.attrs["output_height"] = a.integer(3);
    m.attrs["output_width"] = a.integer(4);
    m.attrs["spatial_scale"] = a.value(2).toDouble();
    if (name == "roi_align" || name == "ps_roi_align") {
      // <= 0 is adaptive (ceil(box size / bin count) points per bin): the core makes the op wait
      // on a symbol the user may bind (graphstat/adaptive_sampling.hpp), never a guess.
      m.attrs["sampling_ratio"] = a.integer(5);
    }
    return m;
  }
  if (name == "deform_conv2d") {
    // (input, weight, offset, mask, bias, stride_h, stride_w, pad_h, pad_w, dilation_h,
    // dilation_w, groups, offset_groups, use_mask)
    m.op = "deform_conv";
    const bool use_mask = a.value(13).toBool();
    m.operands = {a.at(0), a.at(1), a.optional(4), a.at(2), use_mask ? a.at(3) : nullptr};
    const at::Tensor& w = a.value(1).toTensor();
    m.attrs["kernel_shape"] = std::vector<std::int64_t>(w.sizes().begin() + 2, w.sizes().end());
    m.attrs["strides"] = std::vector<std::int64_t>{a.integer(5), a.integer(6)};
    m.attrs["pads"] =
        std::vector<std::int64_t>{a.integer(7), a.integer(8), a.integer(7), a.integer(8)};
    m.attrs["dilations"] = std::vector<std::int64_t>{a.integer(9), a.integer(10)};
    m.attrs["group"] = a.integer(11);
    m.attrs["offset_group"] = a.integer(12);
    return m;
  }
  return std::nullopt;
}

}  // namespace

std::vector<const Value*> tensor_operands(const Node& node, const ValueSource& values) {
  std::vector<const Value*> operands;
  for (const Value* input : node.inputs()) {
    if (values.is_tensor_operand(input)) operands.push_back(input);
  }
  return operands;
}

std::optional<MappedOp> map_aten(const Node& node, const ValueSource& values) {
  const std::string qualified = node.kind().toQualString();
  if (qualified.rfind("torchvision::", 0) == 0) {
    return map_torchvision(node.kind().toUnqualString(), Args(node, values));
  }
  if (node.kind().ns() != c10::namespaces::aten) return std::nullopt;
  const std::string name = base_name(node);
  const auto& names = canonical_names();
  const auto canonical = names.find(name);
  if (canonical == names.end()) return std::nullopt;
  MappedOp mapped{canonical->second, {}, {}};
  const auto& special = specials();
  if (const auto found = special.find(name); found != special.end()) {
    found->second(Args(node, values), mapped);
  } else {
    mapped.operands = tensor_operands(node, values);
  }
  return mapped;
}

}  // namespace graphstat::frontends::torchscript
