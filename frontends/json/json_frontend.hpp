#pragma once

#include "graphstat/frontend.hpp"

namespace graphstat::frontends {

/// Reads graphstat's own JSON graph format (docs/json-graph.md).
class JsonFrontend : public Frontend {
 public:
  std::vector<std::string> extensions() const override;
  bool sniff(std::string_view head) const override;
  Graph load(const std::filesystem::path& file, const LoadOptions& options) const override;
};

}  // namespace graphstat::frontends
