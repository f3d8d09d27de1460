#include "shape_functions.hpp"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <string>
#include <unordered_map>

namespace graphstat::frontends::torchscript {

at::Tensor meta_tensor(c10::IntArrayRef sizes, c10::ScalarType dtype) {
  return at::empty(sizes, at::TensorOptions().device(at::kMeta).dtype(dtype));
}

at::Tensor meta_like(const at::Tensor& like) {
  if (!like.defined()) return like;
  return meta_tensor(like.sizes(), like.scalar_type());
}

namespace {

using Inputs = std::vector<c10::IValue>;
using Outputs = std::vector<c10::IValue>;
using Rule = Outputs (*)(const Inputs&);

// An int[N] argument given as one int (conv2d(stride=2)) stands for N equal values.
std::vector<std::int64_t> spread(const c10::IValue& value, std::size_t n) {
  std::vector<std::int64_t> v = value.toIntVector();
  if (v.size() == 1 && n > 1) v.assign(n, v[0]);
  TORCH_CHECK(v.size() == n, "expected ", n, " values, got ", v.size());
  return v;
}

struct ConvArgs {
  std::size_t stride, padding, dilation, groups;
  std::optional<std::size_t> transposed;      // _convolution's flag
  std::optional<std::size_t> output_padding;  // transposed convolutions only
  bool always_transposed = false;
};

Outputs convolution(const Inputs& in, const ConvArgs& args) {
  const at::Tensor& x = in[0].toTensor();
  const at::Tensor& w = in[1].toTensor();
  const std::size_t nd = static_cast<std::size_t>(w.dim()) - 2;
  const bool batched = static_cast<std::size_t>(x.dim()) == nd + 2;
  const bool transposed =
      args.always_transposed || (args.transposed && in[*args.transposed].toBool());
  const std::int64_t groups = in[args.groups].toInt();
  const auto stride = spread(in[args.stride], nd);
  const auto dilation = spread(in[args.dilation], nd);
  std::vector<std::int64_t> padding(nd, 0);
  bool same = false;
  if (in[args.padding].isString()) {  // conv2d(padding="same" | "valid")
    same = in[args.padding].toStringRef() == "same";
  } else {
    padding = spread(in[args.padding], nd);
  }
  std::vector<std::int64_t> out_pad(nd, 0);
  if (transposed && args.output_padding) out_pad = spread(in[*args.output_padding], nd);

  std::vector<std::int64_t> shape;
  if (batched) shape.push_back(x.size(0));
  shape.push_back(transposed ? w.size(1) * groups : w.size(0));
  const std::int64_t first = batched ? 2 : 1;
  for (std::size_t i = 0; i < nd; ++i) {
    const std::int64_t size = x.size(first + static_cast<std::int64_t>(i));
    const std::int64_t k = w.size(2 + static_cast<std::int64_t>(i));
    const std::int64_t span = dilation[i] * (k - 1);
    if (same) {
      shape.push_back(size);
    } else if (transposed) {
      shape.push_back((size - 1) * stride[i] - 2 * padding[i] + span + out_pad[i] + 1);
    } else {
      shape.push_back((size + 2 * padding[i] - span - 1) / stride[i] + 1);
    }
  }
  return {meta_tensor(shape, x.scalar_type())};
}

// aten::_convolution / convolution(input, weight, bias, stride, padding, dilation, transposed,
// output_padding, groups, ...)
Outputs underscore_convolution(const Inputs& in) {
  return convolution(in, {3, 4, 5, 8, 6, 7, false});
}
// aten::conv{1,2,3}d and _convolution_mode(input, weight, bias, stride, padding, dilation, groups)
Outputs conv_nd(const Inputs& in) { return convolution(in, {3, 4, 5, 6, {}, {}, false}); }
// aten::conv_transpose{1,2,3}d(input, weight, bias, stride, padding, output_padding, groups,
// dilation)
Outputs conv_transpose_nd(const Inputs& in) { return convolution(in, {3, 4, 7, 6, {}, 5, true}); }

// Normalizations, hardswish, roll and a whole encoder layer keep their input's shape.
Outputs same_as_input(const Inputs& in) { return {meta_like(in[0].toTensor())}; }

// adaptive_*_pool(x, output_size): the trailing dimensions become output_size.
at::Tensor adaptive_output(const Inputs& in) {
  const at::Tensor& x = in[0].toTensor();
  const std::vector<std::int64_t> size = in[1].toIntVector();
  std::vector<std::int64_t> shape(x.sizes().begin(), x.sizes().end() - size.size());
  shape.insert(shape.end(), size.begin(), size.end());
  return meta_tensor(shape, x.scalar_type());
}
Outputs adaptive_avg_pool(const Inputs& in) { return {adaptive_output(in)}; }
Outputs adaptive_max_pool(const Inputs& in) {
  const at::Tensor out = adaptive_output(in);
  return {out, meta_tensor(out.sizes(), at::kLong)};
}

// _native_multi_head_attention(query, key, value, embed_dim, num_head, qkv_weight, qkv_bias,
// proj_weight, proj_bias, mask=None, need_weights=True, average_attn_weights=True,
// mask_type=None) -> (output like query, weights or undefined)
Outputs native_multi_head_attention(const Inputs& in) {
  const at::Tensor& query = in[0].toTensor();
  const at::Tensor& key = in[1].toTensor();
  const std::int64_t heads = in[4].toInt();
  const bool need_weights = in.size() > 10 ? in[10].toBool() : true;
  const bool average = in.size() > 11 ? in[11].toBool() : true;
  at::Tensor weights;
  if (need_weights) {
    const std::int64_t lq = query.size(-2);
    const std::int64_t lk = key.size(-2);
    std::vector<std::int64_t> shape;
    if (query.dim() == 3) shape.push_back(query.size(0));
    if (!average) shape.push_back(heads);
    shape.push_back(lq);
    shape.push_back(lk);
    weights = meta_tensor(shape, query.scalar_type());
  }
  return {meta_like(query), weights};
}

// The whole-sequence output of a recurrent layer stack: the input's shape ((T, B, I), (B, T, I) or
// (T, I)) with the features replaced by num_directions × the hidden state's size.
at::Tensor sequence_output(const at::Tensor& x, const at::Tensor& h, bool bidirectional) {
  std::vector<std::int64_t> shape(x.sizes().begin(), x.sizes().end());
  TORCH_CHECK(!shape.empty() && h.dim() >= 1, "recurrent input and state must have a rank");
  shape.back() = (bidirectional ? 2 : 1) * h.size(-1);
  return meta_tensor(shape, x.scalar_type());
}

// aten::lstm(input, hx[h0, c0], params[], has_biases, num_layers, dropout, train, bidirectional,
// batch_first) -> (output, h_n like h0, c_n like c0), without running the recurrence.
Outputs lstm(const Inputs& in) {
  const at::Tensor& x = in[0].toTensor();
  const std::vector<at::Tensor> hx = in[1].toTensorVector();
  TORCH_CHECK(hx.size() == 2, "aten::lstm takes (h0, c0), got ", hx.size(), " states");
  return {sequence_output(x, hx[0], in[7].toBool()), meta_like(hx[0]), meta_like(hx[1])};
}

// aten::gru / rnn_tanh / rnn_relu(input, hx, params[], has_biases, num_layers, dropout, train,
// bidirectional, batch_first) -> (output, h_n like hx).
Outputs gru_or_rnn(const Inputs& in) {
  const at::Tensor& x = in[0].toTensor();
  const at::Tensor& hx = in[1].toTensor();
  return {sequence_output(x, hx, in[7].toBool()), meta_like(hx)};
}

// embedding(weight (V, E), indices, ...) -> indices' shape + (E): by shape alone, so the table is
// never materialized (a GPT-2 one is 150 MB; the op on zeros would build it).
Outputs embedding(const Inputs& in) {
  const at::Tensor& weight = in[0].toTensor();
  const at::Tensor& indices = in[1].toTensor();
  TORCH_CHECK(weight.dim() == 2, "embedding weight must be 2-d");
  TORCH_CHECK(indices.scalar_type() == at::kLong || indices.scalar_type() == at::kInt,
              "embedding indices must be int64 or int32, got ", indices.scalar_type(),
              "; give the input with :int64");
  std::vector<std::int64_t> shape(indices.sizes().begin(), indices.sizes().end());
  shape.push_back(weight.size(1));
  return {meta_tensor(shape, weight.scalar_type())};
}

const std::unordered_map<std::string, Rule>& rules() {
  static const std::unordered_map<std::string, Rule> table = {
      {"aten::_convolution", underscore_convolution},
      {"aten::convolution", underscore_convolution},
      {"aten::conv1d", conv_nd},
      {"aten::conv2d", conv_nd},
      {"aten::conv3d", conv_nd},
      // A traced conv with padding='same' or 'valid': conv{N}d's arguments. Without this rule it
      // ran on zeros (no meta kernel), a real convolution for nothing.
      {"aten::_convolution_mode", conv_nd},
      {"aten::conv_transpose1d", conv_transpose_nd},
      {"aten::conv_transpose2d", conv_transpose_nd},
      {"aten::conv_transpose3d", conv_transpose_nd},
      {"aten::batch_norm", same_as_input},
      {"aten::instance_norm", same_as_input},
      {"aten::layer_norm", same_as_input},
      {"aten::group_norm", same_as_input},
      {"aten::hardswish", same_as_input},
      {"aten::hardswish_", same_as_input},
      {"aten::roll", same_as_input},
      {"aten::_transformer_encoder_layer_fwd", same_as_input},
      {"aten::adaptive_avg_pool1d", adaptive_avg_pool},
      {"aten::adaptive_avg_pool2d", adaptive_avg_pool},
      {"aten::adaptive_avg_pool3d", adaptive_avg_pool},
      {"aten::adaptive_max_pool1d", adaptive_max_pool},
      {"aten::adaptive_max_pool2d", adaptive_max_pool},
      {"aten::adaptive_max_pool3d", adaptive_max_pool},
      {"aten::_native_multi_head_attention", native_multi_head_attention},
      {"aten::lstm", lstm},
      {"aten::gru", gru_or_rnn},
      {"aten::rnn_tanh", gru_or_rnn},
      {"aten::rnn_relu", gru_or_rnn},
      {"aten::embedding", embedding},
  };
  return table;
}

}  // namespace

std::optional<std::vector<c10::IValue>> infer_outputs(const torch::jit::Node& node,
                                                      const std::vector<c10::IValue>& inputs) {
  const auto& table = rules();
  const auto found = table.find(node.kind().toQualString());
  if (found == table.end()) return std::nullopt;
  // The recurrent rules describe the tensor-input overloads only; a packed sequence (`.data`)
  // runs its real kernel on zeros.
  const c10::FunctionSchema* schema = node.maybeSchema();
  if (schema != nullptr && schema->overload_name() == "data") return std::nullopt;
  return found->second(inputs);
}

}  // namespace graphstat::frontends::torchscript
