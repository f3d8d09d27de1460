#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`, clang with ASan + UBSan) and runs each for a bounded
# time on its corpus (fuzz/README.md).
#
#   tools/fuzz.sh [--time SECONDS] [--no-build] [target...]   (json onnx config torchscript)
#
# The seed corpus is made from in-tree files (fuzz/seeds.txt) plus tests/fuzz/regressions/<target>/;
# inputs libFuzzer finds interesting accumulate in build-fuzz/corpus/<target>/, and a crash, hang
# or OOM is saved under build-fuzz/findings/<target>/ (turn each into a regression input after the
# fix). Prints executions and time per target; exits non-zero when any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) seconds="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n 2,11p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "tools/fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(json onnx config torchscript)

if [ $build -eq 1 ]; then
  echo "== fuzz: configure and build" >&2
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi

out=build-fuzz
status=0
summary=()
for target in "${targets[@]}"; do
  exe=$out/bin/fuzz_$target
  [ -x "$exe" ] || { echo "tools/fuzz.sh: no fuzz target '$target' ($exe)" >&2; exit 2; }
  seeds=$out/seeds/$target
  corpus=$out/corpus/$target
  findings=$out/findings/$target
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$findings"
  while read -r name pattern; do
    [ "$name" = "$target" ] || continue
    for f in $pattern; do [ -f "$f" ] && cp "$f" "$seeds/"; done
  done < <(grep -v '^#' fuzz/seeds.txt)
  dirs=("$corpus" "$seeds")
  [ -d "tests/fuzz/regressions/$target" ] && dirs+=("tests/fuzz/regressions/$target")
  # Inputs beyond this are cut: small inputs mutate and run faster, and the seed models' first
  # 64 KiB hold their whole graph (weights are stripped or skipped).
  max_len=32768
  [ "$target" = onnx ] && max_len=65536
  dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=("-dict=fuzz/dict/$target.dict")

  echo "== fuzz: $target for ${seconds}s" >&2
  log=$out/fuzz-$target.log
  rc=0
  # -timeout: an input taking 10 s is a hang (FUZZ_TIMEOUT raises it on a loaded machine, where
  # wall-clock time is not the input's); -rss_limit_mb: one taking 2 GB is a memory blow-up.
  # Leaks are reported by the replay tests under the asan preset, not here.
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" \
    "$exe" "${dict[@]}" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" \
    -rss_limit_mb=2048 -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$findings/" "${dirs[@]}" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  time_s=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  if [ $rc -ne 0 ]; then
    status=1
    echo "!! $target: finding (exit $rc), see $log and $findings/" >&2
    grep -m1 -E "ERROR|runtime error|fuzz: finding|ALARM|out-of-memory" "$log" >&2 || true
  fi
  summary+=("$(printf '%-12s %12s executions in %ss%s' "$target" "${execs:-?}" "${time_s:-?}" \
    "$([ $rc -ne 0 ] && echo '  FINDING')")")
done

echo "== fuzz: summary"
printf '%s\n' "${summary[@]}"
exit $status
