#include "torchvision_ops.hpp"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/library.h>

#include <string>

#include "shape_functions.hpp"

// The exact schemas of torchvision 0.14 (torchvision/csrc/ops/*.cpp): a file calling them is
// resolved against these when it is loaded. No kernel is registered: graphstat never runs them.
TORCH_LIBRARY_FRAGMENT(torchvision, m) {
  m.def("torchvision::nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor");
  m.def(
      "torchvision::roi_align(Tensor input, Tensor rois, float spatial_scale, int pooled_height, "
      "int pooled_width, int sampling_ratio, bool aligned) -> Tensor");
  m.def(
      "torchvision::ps_roi_align(Tensor input, Tensor rois, float spatial_scale, int "
      "pooled_height, int pooled_width, int sampling_ratio) -> (Tensor, Tensor)");
  m.def(
      "torchvision::roi_pool(Tensor input, Tensor rois, float spatial_scale, int pooled_height, "
      "int pooled_width) -> (Tensor, Tensor)");
  m.def(
      "torchvision::ps_roi_pool(Tensor input, Tensor rois, float spatial_scale, int "
      "pooled_height, int pooled_width) -> (Tensor, Tensor)");
  m.def(
      "torchvision::deform_conv2d(Tensor input, Tensor weight, Tensor offset, Tensor mask, Tensor "
      "bias, int stride_h, int stride_w, int pad_h, int pad_w, int dilation_h, int dilation_w, int "
      "groups, int offset_groups, bool use_mask) -> Tensor");
}

namespace graphstat::frontends::torchscript {
namespace {

using Inputs = std::vector<c10::IValue>;
using Outputs = std::vector<c10::IValue>;

// (input (N, C, H, W), rois (K, 5), spatial_scale, pooled_height, pooled_width, ...): one
// (C', ph, pw) block per box; C' = C / (ph * pw) for the position-sensitive variants.
at::Tensor pooled(const Inputs& in, bool position_sensitive) {
  const at::Tensor& x = in.at(0).toTensor();
  const at::Tensor& rois = in.at(1).toTensor();
  TORCH_CHECK(x.dim() == 4, "expected a 4-d input, got ", x.dim(), " dims");
  TORCH_CHECK(rois.dim() == 2 && rois.size(1) == 5, "expected rois of shape (K, 5)");
  const std::int64_t ph = in.at(3).toInt();
  const std::int64_t pw = in.at(4).toInt();
  std::int64_t channels = x.size(1);
  if (position_sensitive) {
    TORCH_CHECK(ph > 0 && pw > 0 && channels % (ph * pw) == 0,
                "input channels must be a multiple of pooled_height * pooled_width");
    channels /= ph * pw;
  }
  return meta_tensor({rois.size(0), channels, ph, pw}, x.scalar_type());
}

Outputs with_int_map(const at::Tensor& out) { return {out, meta_tensor(out.sizes(), at::kInt)}; }

// deform_conv2d: the output of a conv with the same weight, stride, padding and dilation.
Outputs deform_conv2d(const Inputs& in) {
  const at::Tensor& x = in.at(0).toTensor();
  const at::Tensor& w = in.at(1).toTensor();
  TORCH_CHECK(x.dim() == 4 && w.dim() == 4, "expected 4-d input and weight");
  std::vector<std::int64_t> shape = {x.size(0), w.size(0)};
  for (std::size_t d = 0; d < 2; ++d) {
    const std::int64_t stride = in.at(5 + d).toInt();
    const std::int64_t pad = in.at(7 + d).toInt();
    const std::int64_t dilation = in.at(9 + d).toInt();
    const auto axis = static_cast<std::int64_t>(d);
    const std::int64_t span = dilation * (w.size(2 + axis) - 1) + 1;
    shape.push_back((x.size(2 + axis) + 2 * pad - span) / stride + 1);
  }
  return {meta_tensor(shape, x.scalar_type())};
}

}  // namespace

std::optional<std::vector<c10::IValue>> infer_torchvision_outputs(std::string_view kind,
                                                                  const Inputs& inputs) {
  if (kind == "torchvision::roi_align") return Outputs{pooled(inputs, false)};
  if (kind == "torchvision::ps_roi_align") return with_int_map(pooled(inputs, true));
  if (kind == "torchvision::roi_pool") return with_int_map(pooled(inputs, false));
  if (kind == "torchvision::ps_roi_pool") return with_int_map(pooled(inputs, true));
  if (kind == "torchvision::deform_conv2d") return deform_conv2d(inputs);
  return std::nullopt;
}

}  // namespace graphstat::frontends::torchscript
