// Micro-benchmarks of the stages that grow with model size: reading a JSON graph, and pricing plus
// aggregating it into the module tree.

#include <benchmark/benchmark.h>

#include <sstream>

#include "graphstat/analysis.hpp"
#include "graphstat/json_graph_writer.hpp"
#include "json_graph_reader.hpp"
#include "synthetic_graph.hpp"

namespace {

void BM_ReadJsonGraph(benchmark::State& state) {
  std::ostringstream json;
  graphstat::write_json_graph(
      graphstat::bench::make_synthetic_graph(static_cast<std::size_t>(state.range(0))), json);
  const std::string text = json.str();
  for (auto _ : state) {
    benchmark::DoNotOptimize(graphstat::frontends::read_json_graph(text, "bench.json"));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 7);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ReadJsonGraph)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

void BM_MakeReport(benchmark::State& state) {
  const auto graph =
      graphstat::bench::make_synthetic_graph(static_cast<std::size_t>(state.range(0)));
  graphstat::PluginRegistry plugins;
  plugins.load_directory(GRAPHSTAT_PLUGIN_DIR, true);
  for (auto _ : state) {
    benchmark::DoNotOptimize(graphstat::make_report(graph, plugins, {}));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * 7);
}
BENCHMARK(BM_MakeReport)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
