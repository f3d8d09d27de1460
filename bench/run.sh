#!/usr/bin/env bash
# Whole-process time (hyperfine, median) and peak memory (/usr/bin/time) of graphstat on the shipped
# zoo and on a synthetic 1,000,000-op JSON graph, plus the micro-benchmarks. Results go in
# bench/README.md by hand, with the date; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
dpkg -s libbenchmark-dev >/dev/null 2>&1 || { echo "bench: needs libbenchmark-dev" >&2; exit 2; }

cmake --preset bench >/dev/null
cmake --build --preset bench
bin=build-bench/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/graphstat_make_graph" 1000000 > "$work/big.json"
echo "synthetic graph: $(du -h "$work/big.json" | cut -f1), 1,000,000 ops"

peak() {  # peak resident memory of one run, MiB
  /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f MiB\n", $1/1024}'
}

for model in resnet18 vit_b_16; do
  hyperfine --warmup 3 --runs 20 -N --style basic "$bin/graphstat --model $model" \
    --export-json "$work/$model.json" | grep -E "Time|Range"
  echo "peak RSS $model: $(peak "$bin/graphstat" --model "$model")"
done
hyperfine --warmup 1 --runs 5 -N --style basic "$bin/graphstat $work/big.json --max-depth 1" | grep -E "Time|Range"
echo "peak RSS 1M ops: $(peak "$bin/graphstat" "$work/big.json" --max-depth 1)"

"$bin/graphstat_micro_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
