#!/usr/bin/python3
"""Writes the sequence-model test fixtures (tools/sequence_models.py FIXTURES: GPT-2-shaped decoder,
BERT-shaped encoder, Llama-shaped block, nn.Transformer; d_model 32, 2 blocks, seq 8, vocab 100)
as weight-stripped ONNX and TorchScript files, and prints the independent counts
tests/unit/sequence_models_test.cpp states by hand:

    /usr/bin/python3 tools/export_sequence_fixtures.py --onnx tests/data/onnx \\
        --torchscript tests/data/torchscript

  NAME.onnx  torch.onnx.export at opset 17 without constant folding, so the LM head tied to the
             token embedding reads that one initializer through a Transpose (folding would store
             the transpose as a second initializer); weights randomized first (the exporter merges
             equal tensors, such as LayerNorm's all-ones weights) and then stripped
             (tools/zoo_onnx.py).
  NAME.pt    torch.jit.script, weights stripped (tools/zoo_torchscript.py).

Printed per model: sum(p.numel()) (a tied weight once), the MACs of every nn.Linear call counted by
forward hooks (tokens x in x out), and the fvcore-style aten-level count of mm/bmm/addmm
(tools/zoo_onnx.py MacCounter), which adds the attention products to the Linear MACs.
"""

import argparse
import math
import os
import sys
import warnings

import torch
from torch.onnx import TrainingMode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sequence_models  # noqa: E402
import zoo_onnx  # noqa: E402
import zoo_torchscript  # noqa: E402


def linear_macs(model, inputs):
    """MACs of the nn.Linear calls alone (forward hooks): rows of the input x in x out. The tied
    LM head is an nn.Linear too; nn.MultiheadAttention's projections are not modules called."""
    total = [0]

    def hook(module, args, out):
        total[0] += math.prod(args[0].shape[:-1]) * module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, torch.nn.Linear)]
    with torch.enable_grad():
        model(*inputs)
    for h in handles:
        h.remove()
    return total[0]


def export_onnx(model, inputs, spec, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, inputs, path, opset_version=17, do_constant_folding=False,
                          training=TrainingMode.PRESERVE, input_names=[n for n, _, _ in spec])
    zoo_onnx.strip(path)


def export_pt(model, path):
    module = torch.jit.script(model)
    zoo_torchscript.strip_weights(module, eager=model)
    module.save(path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--onnx", required=True, help="directory for the .onnx fixtures")
    ap.add_argument("--torchscript", required=True, help="directory for the .pt fixtures")
    ap.add_argument("--only", nargs="+", help="only these fixtures")
    args = ap.parse_args(argv)
    for name, (build, spec) in sequence_models.FIXTURES.items():
        if args.only and name not in args.only:
            continue
        torch.manual_seed(0)
        model = build().eval()
        zoo_onnx.randomize(model)
        inputs = sequence_models.example_inputs(spec)
        params = sum(p.numel() for p in model.parameters())
        lin = linear_macs(model, inputs)
        counter = zoo_onnx.MacCounter()
        with torch.enable_grad(), counter:  # grad on: the unfused attention path, plain bmm
            model(*inputs)
        macs = counter.macs
        onnx_path = os.path.join(args.onnx, name + ".onnx")
        pt_path = os.path.join(args.torchscript, name + ".pt")
        export_onnx(model, inputs, spec, onnx_path)
        export_pt(model, pt_path)
        print("%-18s params %d  MACs %d (Linear %d + attention products %d)  %s %d B, %s %d B" % (
            name, params, macs, lin, macs - lin, onnx_path, os.path.getsize(onnx_path), pt_path,
            os.path.getsize(pt_path)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
