#!/usr/bin/env bash
# Regenerates tests/golden/: the full CSV report (every module and op row, every column) of every
# shipped config, which golden_report_test compares byte for byte. Run it after an intentional
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
