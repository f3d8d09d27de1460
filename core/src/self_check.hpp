#pragma once
// The report's self-check: what must hold of every report graphstat makes, checked on the real
// models a run loads. The test suite turns it on for every test (GRAPHSTAT_SELF_CHECK=1, set in
// tests/CMakeLists.txt), so any test that loads a model also checks these, on that model.
// docs/testing.md, "Invariants".
#include <filesystem>

#include "graphstat/analysis.hpp"
#include "graphstat/graph.hpp"
#include "graphstat/plugin_registry.hpp"

namespace graphstat {

/// True when the environment asks for the self-check (GRAPHSTAT_SELF_CHECK set and not "0").
bool self_check_requested();

/// Throws Error naming `model` and the first broken invariant:
/// - every parent row is exactly the sum of its children in every additive column (MACs, FLOPs,
///   input, output and weight bytes, op count, unresolved ops), and its params lie between its
///   largest child's and the children's sum plus the parameters its own ops read (a shared
///   parameter is counted once);
/// - every op's FLOPs are at least its MACs, and exactly 2·MACs for a pure multiply-add (matmul,
///   and conv or linear without a bias); the ops sum exactly to the total;
/// - weight bytes are at least the parameter count (every parameter is read at least once);
/// - the graph written as a graphstat JSON graph and read back gives the same report, row by row.
void self_check(const Graph& graph, const PluginRegistry& registry,
                const std::filesystem::path& model);

}  // namespace graphstat
