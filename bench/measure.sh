# Sourced by the frontend benchmarks: median wall time (hyperfine) and median peak RSS
# (/usr/bin/time, five runs) of one command.
#   measure "label" "command line" runs
measure() {
  local label=$1 cmd=$2 runs=${3:-20} json
  json=$(mktemp)
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" "$cmd" >/dev/null
  /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; \
print('%s: time median %.1f ms (min %.1f, max %.1f)' % (sys.argv[2], r['median']*1e3, r['min']*1e3, r['max']*1e3))" \
    "$json" "$label"
  rm -f "$json"
  local rss=()
  for _ in 1 2 3 4 5; do
    rss+=("$(/usr/bin/time -v $cmd 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')")
  done
  printf '%s: peak RSS median %.1f MiB\n' "$label" \
    "$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 3p | awk '{print $1/1024}')"
}

# bench_setup [BUILD_DIR] [MODEL...]: the frontend benchmarks' shared arguments. Sets root, graphstat
# (BUILD_DIR/bin/graphstat, default build/), models (default resnet50 vit_b_16) and scratch (where
# full-weight exports are cached, GRAPHSTAT_BENCH_DIR or /tmp/graphstat-bench).
bench_setup() {
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local build="${1:-$root/build}"
  shift || true
  models=("$@")
  [ ${#models[@]} -eq 0 ] && models=(resnet50 vit_b_16)
  graphstat="$build/bin/graphstat"
  scratch="${GRAPHSTAT_BENCH_DIR:-/tmp/graphstat-bench}"
  mkdir -p "$scratch"
  [ -x "$graphstat" ] || { echo "no $graphstat; build first" >&2; exit 1; }
}
