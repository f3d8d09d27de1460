// Writes a synthetic JSON graph with about N ops: `graphstat_make_graph 1000000 > big.json`.
// Used by bench/run.sh to time graphstat on graphs far larger than any real model.

#include <charconv>
#include <cstdio>
#include <iostream>
#include <string_view>

#include "graphstat/json_graph_writer.hpp"
#include "synthetic_graph.hpp"

int main(int argc, char** argv) {
  std::size_t ops = 0;
  const std::string_view arg = argc > 1 ? argv[1] : "";
  if (std::from_chars(arg.data(), arg.data() + arg.size(), ops).ec != std::errc() || ops < 7) {
    std::fprintf(stderr, "usage: graphstat_make_graph OPS (at least 7) > graph.json\n");
    return 2;
  }
  std::ios::sync_with_stdio(false);
  graphstat::write_json_graph(graphstat::bench::make_synthetic_graph(ops / 7), std::cout);
  return 0;
}
