#!/usr/bin/env bash
# Regenerates tests/golden/: the full CSV report (every module and op row, every column) of every
# shipped config and of every ONNX test fixture, which golden_report_test compares byte for byte. Run it after an intentional
# change of a figure, review `git diff tests/golden/` (every moved number is part of the change)
# and commit the goldens with the change. docs/testing.md.
#
#   tools/update-goldens.sh [BUILD_DIR]      # default build/ (cmake --preset default)
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build}/bin/graphstat
[ -x "$exe" ] || { echo "update-goldens: no $exe; build first (cmake --build --preset default)" >&2; exit 1; }
mkdir -p tests/golden
rm -f tests/golden/*.csv
for config in configs/*.yaml; do
  name=$(basename "$config" .yaml)
  # The same command line as golden_report_test; -o writes atomically, never half a file.
  "$exe" --config "$config" --format csv -o "tests/golden/$name.csv"
  echo "tests/golden/$name.csv: $(($(wc -l <"tests/golden/$name.csv") - 1)) rows"
done
# The ONNX test fixtures too (fast to read, and they hold what the shipped models do not:
# functions, sequence models, recurrent layers, a detector): tests/golden/fixtures/<dir>/<name>.csv.
rm -rf tests/golden/fixtures
for model in tests/data/onnx/*.onnx tests/data/recurrent/*.onnx; do
  rel=${model#tests/data/}
  out=tests/golden/fixtures/${rel%.onnx}.csv
  mkdir -p "$(dirname "$out")"
  "$exe" "$model" --format csv -o "$out"
  echo "$out: $(($(wc -l <"$out") - 1)) rows"
done
