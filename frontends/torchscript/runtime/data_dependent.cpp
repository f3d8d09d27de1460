#include "data_dependent.hpp"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include "op_evaluator.hpp"
#include "shape_functions.hpp"

namespace graphstat::frontends::torchscript {
namespace {

bool is_mask(const c10::IValue& v) {
  if (!v.isTensor() || !v.toTensor().defined()) return false;
  const auto type = v.toTensor().scalar_type();
  return type == at::kBool || type == at::kByte;
}

// aten::index(self, indices): the position of the first boolean mask among the indices; a mask
// selects a data-dependent number of elements there.
std::optional<std::size_t> mask_position(const std::vector<c10::IValue>& inputs) {
  if (inputs.size() < 2 || !inputs[1].isList()) return std::nullopt;
  const auto list = inputs[1].toList();
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (is_mask(list.get(i))) return i;
  }
  return std::nullopt;
}

// The evaluated output with dimension `dim` replaced by `count`.
c10::IValue with_length(const c10::IValue& out, std::int64_t dim, std::int64_t count) {
  const at::Tensor& t = out.toTensor();
  std::vector<std::int64_t> sizes(t.sizes().begin(), t.sizes().end());
  TORCH_CHECK(dim < static_cast<std::int64_t>(sizes.size()), "no dimension ", dim);
  sizes[static_cast<std::size_t>(dim)] = count;
  return meta_tensor(sizes, t.scalar_type());
}

// repeat_interleave(repeats, output_size) (indices repeated by counts) and
// repeat_interleave(self, repeats, dim, output_size) with a tensor of counts: the output's length
// is the counts' sum, data, unless output_size states it.
bool repeats_by_data(const std::vector<c10::IValue>& inputs) {
  const bool counts_only = inputs.size() == 2;
  const c10::IValue none;
  const c10::IValue& repeats = counts_only ? inputs[0] : inputs.size() >= 2 ? inputs[1] : none;
  const c10::IValue& output_size = counts_only ? inputs[1] : inputs.size() >= 4 ? inputs[3] : none;
  return repeats.isTensor() && repeats.toTensor().defined() && repeats.toTensor().dim() > 0 &&
         !output_size.isInt();
}

// aten::Int(t), aten::item(t), ...: a number read out of one tensor.
bool reads_a_number(const std::string& kind) {
  return kind == "aten::Int" || kind == "aten::Float" || kind == "aten::item" ||
         kind == "aten::ScalarImplicit";
}

// A shape-only (meta) tensor was computed from the model's inputs: its values are data. A small
// tensor computed from real values only (torch.tensor(image.shape[-2:])) stays real and is read.
bool holds_data(const std::vector<c10::IValue>& inputs) {
  return inputs.size() == 1 && inputs[0].isTensor() && inputs[0].toTensor().defined() &&
         inputs[0].toTensor().is_meta();
}

}  // namespace

std::optional<DataDependentOp> data_dependent(const torch::jit::Node& node,
                                              const std::vector<c10::IValue>& inputs) {
  const std::string kind = node.kind().toQualString();
  if (kind == "torchvision::nms") return DataDependentOp{"nms", "keep"};
  if (kind == "aten::nonzero") return DataDependentOp{"nonzero", "count"};
  if (kind == "aten::masked_select") return DataDependentOp{"masked_select", "count"};
  // torch.where(mask) (one operand: nonzero as a tuple, torchvision's remove_small_boxes) and
  // torch.argwhere. On zeros they would find nothing: a made-up 0 boxes downstream.
  if ((kind == "aten::where" || kind == "aten::nonzero_numpy") && inputs.size() == 1)
    return DataDependentOp{"where", "count"};
  if (kind == "aten::argwhere") return DataDependentOp{"argwhere", "count"};
  if (kind == "aten::index" && mask_position(inputs)) return DataDependentOp{"index", "selected"};
  if (kind == "aten::repeat_interleave" && repeats_by_data(inputs)) {
    return DataDependentOp{"repeat_interleave", "length"};
  }
  if (reads_a_number(kind) && holds_data(inputs)) {
    // Named after the op that computed the tensor: int(x.median()) is `median.value`.
    return DataDependentOp{node.input(0)->node()->kind().toUnqualString(), "value"};
  }
  return std::nullopt;
}

std::vector<c10::IValue> evaluate_with_count(const torch::jit::Node& node,
                                             const std::vector<c10::IValue>& inputs,
                                             std::int64_t count) {
  const std::string kind = node.kind().toQualString();
  if (kind == "torchvision::nms") return {meta_tensor({count}, at::kLong)};
  if (kind == "aten::nonzero")
    return {meta_tensor({count, inputs.at(0).toTensor().dim()}, at::kLong)};
  if (kind == "aten::where" || kind == "aten::nonzero_numpy") {
    c10::List<at::Tensor> indices;
    for (std::int64_t d = 0; d < inputs.at(0).toTensor().dim(); ++d)
      indices.push_back(meta_tensor({count}, at::kLong));
    return {c10::IValue(std::move(indices))};
  }
  if (kind == "aten::argwhere")
    return {meta_tensor({count, inputs.at(0).toTensor().dim()}, at::kLong)};
  if (kind == "aten::masked_select") {
    return {meta_tensor({count}, inputs.at(0).toTensor().scalar_type())};
  }
  if (reads_a_number(kind)) {
    const bool floating = kind == "aten::Float" ||
                          (kind != "aten::Int" && inputs.at(0).toTensor().is_floating_point());
    return {floating ? c10::IValue(static_cast<double>(count)) : c10::IValue(count)};
  }
  // index and repeat_interleave: the op on zeros gives every other dimension.
  std::vector<c10::IValue> outputs = evaluate(node, inputs);
  std::int64_t dim = 0;
  if (kind == "aten::index") {
    dim = static_cast<std::int64_t>(*mask_position(inputs));
  } else if (inputs.size() >= 3 && inputs[2].isInt()) {  // repeat_interleave(self, repeats, dim)
    dim = inputs[2].toInt();
    if (dim < 0) dim += outputs.at(0).toTensor().dim();
  }
  outputs.at(0) = with_length(outputs.at(0), dim, count);
  return outputs;
}

}  // namespace graphstat::frontends::torchscript
