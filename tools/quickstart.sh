#!/usr/bin/env bash
# The README's first command: installs what is missing, builds graphstat, and prints the ResNet-18
# table of the shipped zoo.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
exec build/bin/graphstat --config configs/resnet18.yaml "$@"
