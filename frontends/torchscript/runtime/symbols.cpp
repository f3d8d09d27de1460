#include "symbols.hpp"

#include <fmt/format.h>

#include "graphstat/dim_lookup.hpp"

namespace graphstat::frontends::torchscript {
namespace {

bool is_prime(std::int64_t n) {
  for (std::int64_t d = 2; d * d <= n; ++d) {
    if (n % d == 0) return false;
  }
  return n > 1;
}

}  // namespace

std::string Symbols::name(const void* node, const std::string& module, const std::string& op,
                          const std::string& what) {
  if (const auto found = by_node_.find(node); found != by_node_.end()) return found->second;
  const std::string base = (module.empty() ? op : module + "." + op) + "." + what;
  std::string symbol = base;
  for (int k = 1; !taken_.insert(symbol).second; ++k) symbol = fmt::format("{}_{}", base, k);
  by_node_.emplace(node, symbol);
  return symbol;
}

std::optional<std::int64_t> Symbols::bound(const std::string& symbol, Graph& graph) {
  const auto found = lookup_dim(options_.dims, symbol);
  if (!found) return std::nullopt;
  if (recorded_.insert(symbol).second) graph.bindings.push_back(binding_of(symbol, *found));
  return found->value;
}

std::int64_t Symbols::stand_in(const std::string& symbol) {
  if (const auto found = stand_ins_.find(symbol); found != stand_ins_.end()) return found->second;
  std::int64_t candidate = stand_ins_.empty() ? 10007 : 0;
  for (const auto& [name, value] : stand_ins_) candidate = std::max(candidate, value + 1);
  while (!is_prime(candidate)) ++candidate;
  stand_ins_.emplace(symbol, candidate);
  return candidate;
}

SymbolicShape Symbols::symbolic(Shape& shape, const std::set<std::string>& waits_on) const {
  SymbolicShape out;
  out.waits_on.assign(waits_on.begin(), waits_on.end());
  for (std::int64_t& dim : shape) {
    std::string name;
    for (const auto& [symbol, value] : stand_ins_) {
      if (!waits_on.contains(symbol) || dim < value || dim % value != 0) continue;
      name = dim == value ? symbol : fmt::format("{}*{}", dim / value, symbol);
      dim = kSymbolicDim;
      break;
    }
    out.dims.push_back(name);
  }
  return out;
}

}  // namespace graphstat::frontends::torchscript
