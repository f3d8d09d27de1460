#pragma once

#include "graphstat/frontend.hpp"

namespace graphstat::frontends {

/// Reads TorchScript archives (torch.jit.save / torch.jit.trace(...).save). This class never
/// touches libtorch: load() hands the file to the runtime library (runtime_library.hpp), which is
/// opened on first use, so listing plugins or reading JSON/ONNX models never loads libtorch.
class TorchScriptFrontend : public Frontend {
 public:
  std::vector<std::string> extensions() const override;
  bool sniff(std::string_view head) const override;
  Graph load(const std::filesystem::path& file, const LoadOptions& options) const override;
};

}  // namespace graphstat::frontends
