#!/usr/bin/env bash
# Whole-process time (hyperfine, median) and peak RSS (/usr/bin/time -v, median of 5 runs) of
# `graphstat MODEL.onnx` on full-weight torchvision exports, which it writes to a scratch directory
# (never into the repository). onnx-tool is timed too when it is installed.
#
#   bench/frontend_bench.sh [BUILD_DIR] [MODEL...]     (defaults: build, resnet50 vit_b_16)
set -euo pipefail
source "$(dirname "$0")/measure.sh"

bench_setup "$@"

for m in "${models[@]}"; do
  file="$scratch/$m.onnx"
  if [ ! -s "$file" ]; then
    # Full weights, batch norm kept (opset 17): the file a user brings from torch.onnx.export.
    /usr/bin/python3 - "$m" "$file" "$root/tools" <<'PY'
import sys, torch, torchvision
name, path = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
model = getattr(torchvision.models, name)(weights=None).eval()
import zoo_onnx
zoo_onnx.randomize(model)
zoo_onnx.export(model, torch.randn(1, 3, 224, 224), path, 17, "bn")
PY
  fi
  size=$(stat -c %s "$file")
  echo "== $m.onnx ($((size / 1048576)) MiB)"
  cmd="$graphstat $file --input-shape x=1x3x224x224 -o $scratch/report.md"
  measure "$(basename "$file")" "$cmd" 30
  # onnx-tool is not packaged in Debian: point ONNX_TOOL_DIR at a checkout of
  # github.com/ThanatosShinji/onnx-tool (it needs python3-onnx, python3-numpy, python3-tabulate).
  if [ -n "${ONNX_TOOL_DIR:-}" ] || /usr/bin/python3 -c "import onnx_tool" 2>/dev/null; then
    measure "onnx-tool $(basename "$file")" \
      "env PYTHONPATH=${ONNX_TOOL_DIR:-} /usr/bin/python3 -m onnx_tool -i $file --dynamic_shapes x:f32:1x3x224x224" 5
  else
    echo "onnx-tool: not installed (set ONNX_TOOL_DIR to a checkout); skipped"
  fi
done
