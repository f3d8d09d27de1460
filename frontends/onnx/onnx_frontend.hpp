#pragma once

#include "graphstat/frontend.hpp"

namespace graphstat::frontends {

/// Reads ONNX models (.onnx) without protobuf or libonnx: shapes by graphstat's own rules, modules
/// from the exporter's scoped node names, operators mapped onto graphstat's canonical ops
/// (docs/cost-model.md).
class OnnxFrontend : public Frontend {
 public:
  std::vector<std::string> extensions() const override;
  bool sniff(std::string_view head) const override;
  Graph load(const std::filesystem::path& file, const LoadOptions& options) const override;
};

}  // namespace graphstat::frontends
