#!/usr/bin/env bash
# The README's second command, and what CI runs: builds and runs the whole test suite, then again
# under AddressSanitizer + UndefinedBehaviorSanitizer. `tools/test.sh --no-sanitize` skips the second.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

sanitize=1
[ "${1:-}" = "--no-sanitize" ] && sanitize=0

presets=(default)
[ $sanitize -eq 1 ] && presets+=(asan)
for preset in "${presets[@]}"; do
  echo "== $preset: configure and build" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== $preset: test" >&2
  ctest --preset "$preset"
done
