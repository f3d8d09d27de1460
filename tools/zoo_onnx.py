#!/usr/bin/python3
"""ONNX export for the graphstat zoo and test fixtures (Debian's torch 1.13 / torchvision 0.14).

Used by tools/export_zoo.py (--format onnx) and tools/sweep_onnx.py; run directly to regenerate the
test fixtures in tests/data/onnx/ and print the expected figures the tests hold as literals:

    /usr/bin/python3 tools/zoo_onnx.py --fixtures tests/data/onnx

Two export variants:
  bn       torch.onnx.export(do_constant_folding=False, training=TrainingMode.PRESERVE) of the model in
           eval mode: batch norm stays a BatchNormalization node with its running statistics;
  folded   the default export (constant folding, eval): batch norm is folded into the conv.
Weights are randomized first (seeded), because the exporter deduplicates equal tensors (freshly
initialized batch norms are all ones and zeros) and the tests compare with sum(p.numel()).

Weight stripping: every initializer larger than 4 KiB, and every floating-point one, keeps its name,
dims and dtype but has its data replaced by an external-data reference to a file that does not exist
(NAME.onnx.weights-stripped). Small integer initializers (Reshape targets) keep their values.
"""

import argparse
import math
import os
import sys
import warnings

import onnx
import torch
import torchvision
from torch.onnx import TrainingMode
from torch.utils._python_dispatch import TorchDispatchMode

KEEP_BYTES = 4096


def randomize(model, seed=0):
    """Distinct random values in every parameter and buffer, so no two tensors are equal."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.05)
        for name, b in model.named_buffers():
            if not b.is_floating_point():
                continue
            if name.endswith("running_var"):
                b.copy_(torch.rand(b.shape, generator=g) + 0.5)
            else:
                b.copy_(torch.randn(b.shape, generator=g) * 0.05)
    return model


def _zero_symbolic(g, self):
    """aten::zero (Tensor.zero_, as swin_v2's attention mask uses) has no ONNX symbolic in torch
    1.13, so swin_v2_t/s/b could not be exported at all: zeros of the input's shape."""
    return g.op("ConstantOfShape", g.op("Shape", self), value_t=torch.tensor([0.0]))


torch.onnx.register_custom_op_symbolic("aten::zero", _zero_symbolic, 9)


def float_buffers_kept(model, path):
    """Elements of the model's floating-point buffers, other than batch-norm statistics, that the
    export keeps as initializers (swin_v2's relative_coords_table): ONNX cannot tell them from
    parameters, so graphstat counts them as parameters."""
    m = onnx.load(path, load_external_data=False)
    names = {t.name for t in m.graph.initializer}
    return sum(b.numel() for n, b in model.named_buffers()
               if b.is_floating_point() and n in names
               and not n.endswith(("running_mean", "running_var")))


def export(model, example, path, opset=17, variant="bn", dynamic_batch=True):
    kwargs = dict(opset_version=opset, input_names=["x"], output_names=["y"])
    if dynamic_batch:
        kwargs["dynamic_axes"] = {"x": {0: "N"}, "y": {0: "N"}}
    if variant in ("bn", "functions"):
        kwargs.update(do_constant_folding=False, training=TrainingMode.PRESERVE)
    if variant == "functions":
        # Every module class becomes an ONNX local function (opset >= 15), nested as the modules
        # are: the export graphstat must inline.
        kwargs.update(export_modules_as_functions=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, example, path, **kwargs)


def strip(path, out_path=None):
    """Rewrites an ONNX file with weight payloads replaced by absent external data."""
    m = onnx.load(path)
    absent = os.path.basename(out_path or path) + ".weights-stripped"
    offset = 0
    for t in m.graph.initializer:
        nbytes = len(t.raw_data) + 4 * (len(t.float_data) + len(t.int32_data)) + 8 * (
            len(t.int64_data) + len(t.double_data))
        floating = t.data_type in (onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16,
                                   onnx.TensorProto.DOUBLE, onnx.TensorProto.BFLOAT16)
        if nbytes <= KEEP_BYTES and not floating:
            continue
        for field in ("raw_data", "float_data", "int32_data", "int64_data", "double_data"):
            t.ClearField(field)
        t.data_location = onnx.TensorProto.EXTERNAL
        for k, v in (("location", absent), ("offset", str(offset)), ("length", str(nbytes))):
            e = t.external_data.add()
            e.key, e.value = k, v
        offset += nbytes
    # export_modules_as_functions also copies each module's weights into "inferred::" attributes
    # of the function calls, informational only: their payloads go too (dims stay).
    for nodes in [m.graph.node] + [f.node for f in m.functions]:
        for n in nodes:
            for a in n.attribute:
                if a.HasField("t") and len(a.t.raw_data) > KEEP_BYTES:
                    a.t.ClearField("raw_data")
    onnx.save(m, out_path or path)


class MacCounter(TorchDispatchMode):
    """fvcore-style MAC count of conv/linear/matmul/bmm at the aten level, on the eager model."""

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = func.overloadpacket.__name__
        if name == "convolution":
            x, w, transposed = args[0], args[1], args[6]
            kvol = math.prod(w.shape[2:])
            self.macs += (x.numel() if transposed else out.numel()) * w.shape[1] * kvol
        elif name in ("mm", "bmm"):
            self.macs += out.numel() * args[0].shape[-1]
        elif name in ("addmm", "baddbmm"):
            self.macs += out.numel() * args[1].shape[-1]
        return out


def closed_form(model, example):
    """(MACs, params) computed from the eager model alone. Gradients are on so PyTorch takes the
    plain (not the fused fast-path) attention kernels, whose matmuls the counter sees."""
    counter = MacCounter()
    with torch.enable_grad(), counter:
        model(example)
    return counter.macs, sum(p.numel() for p in model.parameters())


def initializer_params(path):
    """Distinct floating-point initializer elements, less batch-norm running statistics (buffers,
    not parameters): the parameter count of a folded export. Folding merges a batch norm into the
    conv before it, so this differs from sum(p.numel()); a batch norm with no conv before it (a
    DenseNet pre-activation) stays a BatchNormalization node with its statistics."""
    m = onnx.load(path, load_external_data=False)
    stats = {n.input[k] for n in m.graph.node if n.op_type == "BatchNormalization"
             for k in (3, 4) if k < len(n.input)}
    others = {i for n in m.graph.node if n.op_type != "BatchNormalization" for i in n.input}
    others |= {n.input[k] for n in m.graph.node if n.op_type == "BatchNormalization"
               for k in range(min(3, len(n.input)))}
    return sum(math.prod(t.dims) for t in m.graph.initializer
               if t.data_type == onnx.TensorProto.FLOAT and (t.name not in stats or t.name in others))


class Encoder(torch.nn.Module):
    """An nn.TransformerEncoder on (N, 16, 64) tokens."""

    def __init__(self):
        super().__init__()
        layer = torch.nn.TransformerEncoderLayer(64, 4, 128, batch_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, 2)

    def forward(self, x):
        return self.encoder(x)


def build(name):
    if name == "transformer_encoder":
        return Encoder().eval(), torch.randn(1, 16, 64)
    kwargs = {}
    if name in ("googlenet", "inception_v3"):
        # Their auxiliary classifiers run only in training mode, so an eval export holds none of
        # their parameters; built without them, sum(p.numel()) is what the export holds.
        kwargs.update(aux_logits=False, init_weights=False)
    model = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
    size = 299 if name == "inception_v3" else 224
    return model, torch.randn(1, 3, size, size)


FIXTURES = [
    ("resnet18", "bn", 13), ("resnet18", "folded", 17), ("resnet18", "bn", 17),
    ("mobilenet_v3_small", "bn", 17), ("efficientnet_b0", "folded", 13),
    ("squeezenet1_0", "folded", 17), ("googlenet", "folded", 13),
    ("shufflenet_v2_x0_5", "bn", 13), ("convnext_tiny", "folded", 17), ("swin_t", "folded", 17),
    ("vit_b_16", "bn", 17), ("regnet_y_400mf", "folded", 13), ("transformer_encoder", "bn", 17),
    ("transformer_encoder", "folded", 13), ("resnet18", "functions", 15),
    ("transformer_encoder", "functions", 15), ("mobilenet_v3_small", "bn", 7),
    ("vit_b_16", "bn", 9),
]


def make_fixtures(out_dir, only=None):
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for name, variant, opset in FIXTURES:
        if only and name not in only:
            continue
        torch.manual_seed(0)
        model, x = build(name)
        randomize(model)
        path = os.path.join(out_dir, "%s-%s-op%d.onnx" % (name, variant, opset))
        export(model, x, path, opset, variant)
        params = initializer_params(path) if variant == "folded" else None
        strip(path)
        macs, torch_params = closed_form(model, x)
        rows.append((os.path.basename(path), macs, params or torch_params, list(x.shape)))
        print("%-44s %6d bytes  MACs %d  params %d" % (rows[-1][0], os.path.getsize(path), macs,
                                                       rows[-1][2]), flush=True)
    print("\n// Generated by tools/zoo_onnx.py --fixtures (file, MACs, params, input shape).")
    for f, macs, params, shape in rows:
        print('    {"%s", %dULL, %dULL, "%s"},' % (f, macs, params, "x".join(map(str, shape))))


def write(model, example_input, name, path):
    """tools/export_zoo.py writer: batch-norm-kept, weight-stripped ONNX (opset 17)."""
    randomize(model)
    export(model, example_input, path, 17, "bn")
    strip(path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixtures", metavar="DIR", required=True,
                    help="write the test fixtures into DIR")
    ap.add_argument("--only", nargs="*", help="only these model names")
    args = ap.parse_args(argv)
    make_fixtures(args.fixtures, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
