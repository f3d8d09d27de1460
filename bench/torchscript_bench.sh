#!/usr/bin/env bash
# Whole-process time (hyperfine, median) and peak RSS (/usr/bin/time -v, median of 5 runs) of
# `graphstat MODEL.pt` on full-weight torch.jit.trace files (traced under no_grad, as users export
# them), which it writes to a scratch directory (never into the repository). The time includes
# loading libtorch, which graphstat opens only for TorchScript files.
#
#   bench/torchscript_bench.sh [BUILD_DIR] [MODEL...]     (defaults: build, resnet50 vit_b_16)
#
# Targets (issue 4): <= 0.4 s for resnet50.pt, <= 1.5 s for vit_b_16.pt.
set -euo pipefail
source "$(dirname "$0")/measure.sh"

bench_setup "$@"

for m in "${models[@]}"; do
  file="$scratch/$m.pt"
  if [ ! -s "$file" ]; then
    /usr/bin/python3 - "$root/tools" "$m" "$file" <<'PY'
import sys, torch, torchvision
sys.path.insert(0, sys.argv[1])
import zoo_torchscript
name, path = sys.argv[2], sys.argv[3]
model = torchvision.models.get_model(name, weights=None).eval()
zoo_torchscript.save(model, (torch.randn(1, 3, 224, 224),), path, strip=False)  # full weights
PY
  fi
  size=$(stat -c %s "$file")
  echo "== $m.pt ($((size / 1048576)) MiB, full weights)"
  cmd="$graphstat $file --input-shape 1x3x224x224 -o $scratch/report.md"
  measure "$(basename "$file")" "$cmd" 15
done
