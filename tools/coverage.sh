#!/usr/bin/env bash
# Line and branch coverage of graphstat's production code (core/, frontends/, plugins/,
# formatters/) under the test suite, with gcovr (Debian package gcovr).
#
#   tools/coverage.sh                 # every test
#   tools/coverage.sh -LE slow        # extra arguments go to ctest
#   BUILD_DIR=/tmp/cov tools/coverage.sh
#
# Builds in its own directory (build-coverage/ by default; never the default build) with
# --coverage and -O0, so that lines map one to one to the source. Branch figures leave out the
# branches the compiler adds for exceptions (--exclude-throw-branches) and the ones it proves
# unreachable (--exclude-unreachable-branches): a `throw` in every checked_mul would otherwise
# count as an untaken branch. Tests, fuzz targets, benchmarks and build trees are excluded.
# Runs by hand, not in CI (docs/testing.md); on a shared machine prefix it with nice -n 19.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${BUILD_DIR:-$root/build-coverage}

# No debug info (-g0 replaces Debug's -g): gcov needs none, and full debug info of the
# libtorch-heavy units was most of the compile time.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g0" \
  -DCMAKE_CXX_FLAGS="--coverage -O0" -DCMAKE_EXE_LINKER_FLAGS="--coverage" \
  -DCMAKE_SHARED_LINKER_FLAGS="--coverage" -DCMAKE_MODULE_LINKER_FLAGS="--coverage" >/dev/null
cmake --build "$build"
# Counters of an earlier run would add up with this one.
find "$build" -name '*.gcda' -delete
# libgcov's own complaints (a test that runs graphstat as another user cannot write the counters)
# go to a file, not into the stderr a test compares line by line. The file is world-writable: that
# other user must be able to open it too, or libgcov falls back to stderr.
export GCOV_ERROR_FILE="$build/gcov-errors.log"
: >"$GCOV_ERROR_FILE"
chmod 0666 "$GCOV_ERROR_FILE"
ctest --test-dir "$build" --output-on-failure "$@" || echo "coverage: some tests failed; figures are of this run" >&2

gcovr --root "$root" --object-directory "$build" \
  --filter "$root/core/" --filter "$root/frontends/" --filter "$root/plugins/" \
  --filter "$root/formatters/" \
  --exclude "$root/tests/" --exclude "$root/fuzz/" --exclude "$root/bench/" \
  --exclude '.*/build[^/]*/.*' \
  --exclude-throw-branches --exclude-unreachable-branches \
  --print-summary --txt "$build/coverage.txt"
echo "coverage: per-file table in $build/coverage.txt" >&2
