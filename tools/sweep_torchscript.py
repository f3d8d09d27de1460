#!/usr/bin/python3
"""Sweep graphstat's TorchScript frontend over every torchvision 0.14 classification model.

    /usr/bin/python3 tools/sweep_torchscript.py --graphstat build/bin/graphstat
    /usr/bin/python3 tools/sweep_torchscript.py --graphstat build/bin/graphstat --models resnet18 vit_b_16
    /usr/bin/python3 tools/sweep_torchscript.py --fixtures tests/data/torchscript   # CI fixtures

Each model (random weights, eval mode) is traced under torch.no_grad() on a 1x3xSxS input (S = 299
for inception_v3, else 224), saved weight-stripped (tools/zoo_torchscript.py) into --work-dir, and
analyzed by graphstat. The sweep checks, per model: no unsupported operator, parameter total equal to
sum(p.numel()), and MACs equal, within 0.1%, to the fvcore-style count of conv/linear/matmul/bmm at
the aten dispatch level (zoo_torchscript.reference_macs). Exit status 1 if any model fails.

googlenet and inception_v3 are built with aux_logits=False: their auxiliary classifiers do not run
in eval mode, so a trace holds none of their parameters.

--fixtures writes the representative CI set and prints, per fixture, the literal numbers the tests
in tests/unit/torchscript_zoo_test.cpp assert.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import zipfile
from typing import Tuple

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweep_common  # noqa: E402
import zoo_torchscript  # noqa: E402

AUX_FREE = {"googlenet", "inception_v3"}
FIXTURES = ["resnet18", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0", "squeezenet1_0",
            "googlenet", "shufflenet_v2_x0_5", "convnext_tiny", "vit_b_16", "transformer_encoder"]


def classification_models():
    return sorted(torchvision.models.list_models(module=torchvision.models))


def build(name):
    if name == "transformer_encoder":
        layer = torch.nn.TransformerEncoderLayer(d_model=256, nhead=8, dim_feedforward=1024,
                                                 batch_first=True)
        return torch.nn.TransformerEncoder(layer, num_layers=2).eval(), (1, 64, 256)
    kwargs = {"weights": None}
    if name in AUX_FREE:
        kwargs.update(aux_logits=False, init_weights=False)
    size = 299 if name == "inception_v3" else 224
    return torchvision.models.get_model(name, **kwargs).eval(), (1, 3, size, size)


def export(name, path):
    torch.manual_seed(0)
    with sweep_common.NoInit():
        model, shape = build(name)
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()  # defined values: uninitialised memory could hold NaNs or signalling values
    x = torch.randn(*shape)
    zoo_torchscript.save(model, (x,), path, strip=True)
    params = zoo_torchscript.parameter_count(model)
    # The reference count needs shapes only: run it on meta tensors, without computing.
    model.to("meta")
    macs = zoo_torchscript.reference_macs(model, (torch.empty(*shape, device="meta"),))
    return {"params": params, "macs": macs, "shape": shape}


def analyze(graphstat, path, shape):
    cmd = [graphstat, path, "-i", "x".join(str(d) for d in shape), "-f", "json", "-d", "0"]
    start = time.monotonic()
    run = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if run.returncode != 0:
        return None, run.stderr.strip(), elapsed
    return json.loads(run.stdout), "", elapsed


def sweep(args):
    os.makedirs(args.work_dir, exist_ok=True)
    failures = 0
    print("%-22s %12s %16s %16s %9s %6s  %s" % ("model", "params", "MACs (graphstat)",
                                                "MACs (reference)", "diff", "time", "status"))
    for name in args.models:
        path = os.path.join(args.work_dir, name + ".pt")
        ref = export(name, path)
        report, error, elapsed = analyze(args.graphstat, path, ref["shape"])
        if report is None:
            failures += 1
            print("%-22s %s" % (name, "ERROR " + error))
            continue
        totals = report["totals"]
        diff = abs(totals["macs"] - ref["macs"]) / max(ref["macs"], 1)
        problems = []
        if report["unsupported_ops"]:
            problems.append("unsupported %s" % report["unsupported_ops"])
        if totals["params"] != ref["params"]:
            problems.append("params %d != %d" % (totals["params"], ref["params"]))
        if diff > 0.001:
            problems.append("MACs off by %.3f%%" % (100 * diff))
        failures += bool(problems)
        print("%-22s %12d %16d %16d %8.4f%% %5.2fs  %s" % (
            name, totals["params"], totals["macs"], ref["macs"], 100 * diff, elapsed,
            "; ".join(problems) or "ok"), flush=True)
    print("%d of %d models failed" % (failures, len(args.models)))
    return 1 if failures else 0


def unreadable_fixtures(directory, good):
    """Files graphstat must refuse with one clear line: not a zip, a truncated archive, a torch.save
    archive (no TorchScript code), and an archive claiming a newer file format version."""
    with open(os.path.join(directory, "not_a_zip.pt"), "wb") as f:
        f.write(b"this is not a TorchScript file\n" * 8)
    with open(good, "rb") as f:
        head = f.read(4096)
    with open(os.path.join(directory, "truncated.pt"), "wb") as f:
        f.write(head)
    torch.save({"weight": torch.zeros(4)}, os.path.join(directory, "state_dict.pt"))
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(
            os.path.join(directory, "newer_version.pt"), "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("/version"):
                data = b"11\n"  # torch 1.13 reads file format versions 1 to 10
            dst.writestr(item.filename, data)


class Branchy(torch.nn.Module):
    """Scripted control flow: the 3x3 conv runs on inputs taller than 16, the 1x1 conv otherwise,
    then a loop applies relu twice. graphstat prices the path that runs."""

    def __init__(self):
        super().__init__()
        self.big = torch.nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.small = torch.nn.Conv2d(3, 8, 1, bias=False)

    def forward(self, x):
        if x.size(2) > 16:
            y = self.big(x)
        else:
            y = self.small(x)
        for _ in range(2):
            y = torch.relu(y)
        return y


class IntInput(torch.nn.Module):
    def forward(self, x, n: int):
        return x * n


class SetState(torch.nn.Module):
    """Code that runs while loading reads a tensor's value: __setstate__ sizes the weight from a
    small tensor, as quantized modules rebuild their packed weights from stored stride and padding.
    graphstat leaves large tensor records unread but must read this one (x @ 16x16 weight)."""

    def __init__(self):
        super().__init__()
        self.size = torch.tensor([16])
        self.weight = torch.zeros(16, 16)

    @torch.jit.export
    def __getstate__(self) -> Tuple[torch.Tensor, bool]:
        return (self.size, self.training)

    @torch.jit.export
    def __setstate__(self, state: Tuple[torch.Tensor, bool]) -> None:
        self.size = state[0]
        n = int(self.size.item())
        self.weight = torch.zeros(n, n)
        self.training = state[1]

    def forward(self, x):
        return torch.matmul(x, self.weight)


def scripted_fixtures(directory):
    torch.jit.script(Branchy()).save(os.path.join(directory, "scripted_branch.pt"))
    torch.jit.script(IntInput()).save(os.path.join(directory, "int_input.pt"))
    torch.jit.script(SetState()).save(os.path.join(directory, "setstate.pt"))
    # Full weights: fc1.weight is a 128 KiB record, which the runtime leaves unread.
    torch.manual_seed(0)
    mlp = torch.nn.Sequential(torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    with torch.no_grad():
        torch.jit.trace(mlp.eval(), torch.randn(1, 256)).save(
            os.path.join(directory, "full_weight_mlp.pt"))


def recompressed_fixture(directory, source):
    """`source` rewritten by a zip tool that deflates every record. graphstat leaves the tensor
    records PyTorch stores uncompressed unread (it needs their shapes, not their bytes); deflated
    ones it must still read and inflate as usual."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(
            os.path.join(directory, "recompressed.pt"), "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))


def fixtures(args):
    os.makedirs(args.fixtures, exist_ok=True)
    for name in FIXTURES:
        path = os.path.join(args.fixtures, name + ".pt")
        ref = export(name, path)
        print('  {"%s", "%s", %d, %d},  // %d bytes' % (
            name, "x".join(str(d) for d in ref["shape"]), ref["params"], ref["macs"],
            os.path.getsize(path)))
    unreadable_fixtures(args.fixtures, os.path.join(args.fixtures, "transformer_encoder.pt"))
    scripted_fixtures(args.fixtures)
    recompressed_fixture(args.fixtures, os.path.join(args.fixtures, "scripted_branch.pt"))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphstat", default="build/bin/graphstat", help="graphstat executable")
    ap.add_argument("--models", nargs="+", default=None, help="default: every classification model")
    ap.add_argument("--work-dir", default="/tmp/graphstat-torchscript-sweep",
                    help="where the traced .pt files go (never the repository)")
    ap.add_argument("--fixtures", metavar="DIR", help="write the CI fixture set to DIR and stop")
    args = ap.parse_args(argv)
    if args.fixtures:
        return fixtures(args)
    args.models = args.models or classification_models() + ["transformer_encoder"]
    return sweep(args)


if __name__ == "__main__":
    sys.exit(main())
