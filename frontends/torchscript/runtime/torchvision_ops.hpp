#pragma once
/// torchvision's operators (torchvision 0.14 schemas), registered by this library so that
/// torch::jit::load accepts archives that call them without torchvision's own library or Python.
/// They get no kernel: nothing ever runs them; their output shapes come from the rules here.

#include <ATen/core/ivalue.h>

#include <optional>
#include <string_view>
#include <vector>

namespace graphstat::frontends::torchscript {

/// The outputs, as meta tensors, of torchvision op `kind` ("torchvision::roi_align") given its
/// inputs; nothing for an op this file does not know. torchvision::nms, whose length depends on
/// the data, is not here: see data_dependent.hpp.
std::optional<std::vector<c10::IValue>> infer_torchvision_outputs(
    std::string_view kind, const std::vector<c10::IValue>& inputs);

}  // namespace graphstat::frontends::torchscript
