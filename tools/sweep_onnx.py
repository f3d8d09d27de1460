#!/usr/bin/python3
"""Sweep: every torchvision 0.14 classification model, exported to ONNX in both variants (batch norm
kept at opset 17, default/folded at opset 13), analyzed by the graphstat executable, and compared with
the closed-form conv/linear/matmul MAC count and the parameter count of the eager model.

    /usr/bin/python3 tools/sweep_onnx.py --graphstat build/bin/graphstat [--models resnet18 ...]

Exports go to a scratch directory (weights stripped right after export, files removed after each
model). Prints one line per export and a summary; exit status 1 when any export is unsupported, off
by more than 0.1% in MACs, or fails in graphstat.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zoo_onnx  # noqa: E402

SKIP_MODULES = {"detection", "segmentation", "video", "quantization", "optical_flow"}


def classification_models():
    names = []
    for name, fn in vars(torchvision.models).items():
        if name.startswith("_") or not callable(fn) or isinstance(fn, type):
            continue
        module = getattr(fn, "__module__", "")
        if not module.startswith("torchvision.models.") or module.split(".")[2] in SKIP_MODULES:
            continue
        if name.lower() != name or name.startswith("get_") or name in ("list_models",):
            continue
        names.append(name)
    # The largest last, so a long sweep reports the rest first.
    big = ("vit_h_14", "regnet_y_128gf", "vit_l_16", "vit_l_32", "regnet_y_32gf", "efficientnet_b7")
    return sorted(set(names), key=lambda n: (n in big, big.index(n) if n in big else 0, n))


def total(out, label):
    m = re.search(r"Total %s: [^(]*\(([\d,]+)" % label, out)
    return int(m.group(1).replace(",", "")) if m else None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphstat", required=True)
    ap.add_argument("--models", nargs="*")
    args = ap.parse_args(argv)
    names = args.models or classification_models()
    scratch = tempfile.mkdtemp(prefix="graphstat-sweep-")
    failures = []
    count = 0
    try:
        for name in names:
            try:
                torch.manual_seed(0)
                model, x = zoo_onnx.build(name)
                zoo_onnx.randomize(model)
                macs, params = zoo_onnx.closed_form(model, x)
            except Exception as e:  # noqa: BLE001  (a model torch cannot build is reported)
                print("%-24s build failed: %s" % (name, str(e).splitlines()[0]), flush=True)
                failures.append(name)
                continue
            for variant, opset in (("bn", 17), ("folded", 13)):
                path = os.path.join(scratch, "%s-%s.onnx" % (name, variant))
                label = "%s %s op%d" % (name, variant, opset)
                try:
                    zoo_onnx.export(model, x, path, opset, variant)
                    want_params = (zoo_onnx.initializer_params(path) if variant == "folded"
                                   else params + zoo_onnx.float_buffers_kept(model, path))
                    zoo_onnx.strip(path)
                except Exception as e:  # noqa: BLE001
                    print("%-40s export failed: %s" % (label, str(e).splitlines()[0]), flush=True)
                    failures.append(label)
                    continue
                start = time.time()
                r = subprocess.run([args.graphstat, path, "--input-shape",
                                    "x=" + "x".join(map(str, x.shape))],
                                   capture_output=True, text=True)
                elapsed = time.time() - start
                count += 1
                got_macs, got_params = total(r.stdout, "MACs"), total(r.stdout, "parameters")
                unsupported = re.search(r"Unsupported operators: (.*)", r.stdout)
                unsupported = unsupported.group(1) if unsupported else "?"
                ok = (r.returncode == 0 and unsupported == "none" and got_macs is not None
                      and abs(got_macs - macs) <= macs * 0.001 and got_params == want_params)
                print("%-40s %s MACs %s/%d params %s/%d unsupported %s (%.0f ms)%s" % (
                    label, "ok  " if ok else "FAIL", got_macs, macs, got_params, want_params,
                    unsupported, elapsed * 1e3,
                    "" if r.returncode == 0 else " " + r.stderr.strip()), flush=True)
                if not ok:
                    failures.append(label)
                for f in os.listdir(scratch):
                    os.remove(os.path.join(scratch, f))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("\n%d exports analyzed, %d failures%s" % (count, len(failures),
                                                   (": " + ", ".join(failures)) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
