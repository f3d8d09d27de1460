#pragma once
/// Named symbols for data-dependent lengths (data_dependent.hpp): their names, the user's
/// bindings, and the stand-in value an unbound one takes while the graph is evaluated.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "graphstat/frontend.hpp"
#include "graphstat/graph.hpp"

namespace graphstat::frontends::torchscript {

class Symbols {
 public:
  explicit Symbols(const LoadOptions& options) : options_(options) {}

  /// The symbol of one node: "<module>.<op>.<what>" ("roi_heads.nms.keep"), "_1", "_2", ...
  /// appended when another node already took the name. The same node keeps its symbol (a loop
  /// running it again).
  std::string name(const void* node, const std::string& module, const std::string& op,
                   const std::string& what);

  /// The user's value for `symbol`, recorded in graph.bindings the first time it is used.
  std::optional<std::int64_t> bound(const std::string& symbol, Graph& graph);

  /// The size an unbound symbol takes while evaluating: a distinct prime no model uses as a real
  /// size, so a dim holding it (or a multiple of it) can be named afterwards.
  std::int64_t stand_in(const std::string& symbol);

  /// The shape of a tensor that depends on `waits_on`: dims equal to a stand-in (or a multiple of
  /// one) are named by the symbol; the others are kept. Even with no named dim the tensor is not
  /// static: its size was computed from a stand-in and cannot be trusted.
  SymbolicShape symbolic(Shape& shape, const std::set<std::string>& waits_on) const;

 private:
  const LoadOptions& options_;
  std::map<const void*, std::string> by_node_;
  std::set<std::string> taken_;
  std::map<std::string, std::int64_t> stand_ins_;
  std::set<std::string> recorded_;
};

}  // namespace graphstat::frontends::torchscript
