"""TorchScript (.pt) export for graphstat's zoo, and the independent reference counts its tests use.

Used by tools/export_zoo.py (--format torchscript), tools/sweep_torchscript.py and
tests/data/torchscript/make_fixtures.py. Run with Debian's /usr/bin/python3 (torch 1.13).

A model is traced with torch.jit.trace under torch.no_grad(), as users do; torch 1.13 then records
the fused inference kernels (_native_multi_head_attention, _transformer_encoder_layer_fwd).

strip=True writes a weight-stripped file: every parameter and buffer is replaced by a stride-0
expanded tensor of the same shape and dtype, so the file keeps every shape but stores one element
per tensor (about 120 KB for resnet18 instead of 45 MB). graphstat reads shapes only, so both files
give the same report.
"""

import math
import warnings

import torch
from torch.utils._python_dispatch import TorchDispatchMode


def trace(model, example_inputs):
    """torch.jit.trace under no_grad, as a user would export for inference."""
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.jit.trace(model, example_inputs, check_trace=False)


def strip_weights(traced, eager=None):
    """Replaces every parameter and buffer of a traced or scripted module by a stride-0 expansion
    of one zero. A tensor held by several modules (a tied weight: GPT-2's LM head and token
    embedding) gets one replacement, so the file still stores it once.

    A scripted module may also read its weights through a list attribute (nn.LSTM/GRU/RNN keep
    `_flat_weights`, the list their forward passes to aten::lstm): those lists are rewritten to
    hold the replacements, or the graph would keep reading the original, unregistered tensors and
    the file would report no parameters. TorchScript cannot enumerate a module's attributes, so
    the names of such lists come from `eager`, the nn.Module that was scripted."""
    replacements = {}

    def key(tensor):
        return (tensor.data_ptr(), tuple(tensor.shape), tuple(tensor.stride()), tensor.dtype)

    def stub(tensor, make):
        if key(tensor) not in replacements:
            replacements[key(tensor)] = make(torch.zeros((), dtype=tensor.dtype).expand(tensor.shape))
        return replacements[key(tensor)]

    with torch.no_grad():
        for module in traced.modules():
            for name, tensor in list(module.named_parameters(recurse=False)):
                module._c.setattr(name, stub(tensor, lambda t, r=tensor.requires_grad:
                                             torch.nn.Parameter(t, requires_grad=r)))
            for name, tensor in list(module.named_buffers(recurse=False)):
                module._c.setattr(name, stub(tensor, lambda t: t))
        if eager is not None:
            scripted = dict(traced.named_modules())
            for path, module in eager.named_modules():
                target = scripted.get(path)
                for name, value in vars(module).items():
                    if (target is None or not isinstance(value, (list, tuple)) or not value
                            or not all(isinstance(v, torch.Tensor) for v in value)
                            or not target._c.hasattr(name)):
                        continue
                    target._c.setattr(name, [replacements.get(key(v), v) for v in value])
    return traced


def save(model, example_inputs, path, strip=True):
    traced = trace(model, example_inputs)
    if strip:
        strip_weights(traced)
    traced.save(path)


def write(model, example_input, name, path):
    """export_zoo.py FORMATS writer (--format torchscript): a weight-stripped .pt for the zoo."""
    save(model, (example_input,), path, strip=True)


# ----------------------------------------------------------------------------------------------
# Reference counts, independent of graphstat and of the traced graph


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())


class _MacCounter(TorchDispatchMode):
    """fvcore-style MACs of conv, linear (mm/addmm), matmul and bmm, counted at the aten dispatch
    level of a real forward. Grad stays enabled so nn.MultiheadAttention and nn.TransformerEncoder
    take their unfused path, whose projections and attention products are plain mm/bmm calls."""

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        name = func.overloadpacket.__name__
        if name == "convolution":
            w = args[1]
            transposed = args[6]
            if transposed:
                self.macs += args[0].numel() * w.shape[1] * math.prod(w.shape[2:])
            else:
                self.macs += out.numel() * w.shape[1] * math.prod(w.shape[2:])
        elif name in ("mm", "bmm", "addmm", "baddbmm"):
            a = args[1] if name in ("addmm", "baddbmm") else args[0]
            self.macs += out.numel() * a.shape[-1]
        return out


def reference_macs(model, example_inputs):
    counter = _MacCounter()
    with counter:
        model(*example_inputs)
    return counter.macs
