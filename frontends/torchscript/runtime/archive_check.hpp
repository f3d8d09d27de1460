#pragma once
/// Opens a TorchScript archive, telling apart the ways a .pt can be unreadable: not a zip, a
/// torch.save archive (no code), a file format newer than this libtorch reads, and an archive whose
/// code uses operators or types this libtorch does not know (typically a newer PyTorch).

#include <torch/csrc/jit/api/module.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace graphstat::frontends::torchscript {

/// torch::jit::load of `file` on the CPU; graphstat::Error naming the file on any failure.
torch::jit::Module load_archive(const std::filesystem::path& file);

/// The first line of a libtorch message (they append C++ and TorchScript backtraces).
std::string first_line(std::string_view message);

}  // namespace graphstat::frontends::torchscript
