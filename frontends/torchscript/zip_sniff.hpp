#pragma once

#include <string_view>

namespace graphstat::frontends::torchscript {

/// True when `head` (the first bytes of a file) is a zip archive whose first entry is a PyTorch
/// archive record (`<archive>/data.pkl`, `<archive>/version`, ...). torch.save archives look the
/// same; the runtime tells them apart by their missing code/ records and says so.
bool looks_like_torch_archive(std::string_view head);

}  // namespace graphstat::frontends::torchscript
