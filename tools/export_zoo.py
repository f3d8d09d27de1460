#!/usr/bin/python3
"""Export the graphstat model zoo (torchvision models) to graphstat model files.

Run with Debian's python (torch 1.13 / torchvision 0.14):

    /usr/bin/python3 tools/export_zoo.py                       # all zoo models -> models/<name>.json
    /usr/bin/python3 tools/export_zoo.py --models resnet18 vit_b_16 --out-dir models
    /usr/bin/python3 tools/export_zoo.py --check               # export, then verify every written file
    /usr/bin/python3 tools/export_zoo.py --check-only          # verify files already in --out-dir

Every model is built with random weights (nothing is downloaded), put in eval mode and traced with
torch.jit.trace on one 1x3x224x224 float32 input (--batch / --image-size change that) under
torch.no_grad().

Formats (--format):
  json   graphstat's JSON graph (docs/json-graph.md): concrete shapes, no weights, one tensor and one
         node per line. Canonical op names and operand positions follow docs/cost-model.md; every node
         carries the module whose forward ran it (from the TorchScript scope), the original aten op in
         "source_op", and small attrs (strides, pads, group, kernel_shape, num_heads, ...). Scalar and
         list plumbing (constants, list/tuple construct, aten::size, aten::Int, arithmetic on sizes)
         produces no node. aten ops without a mapping are still emitted (op = the aten name without
         "aten::") and reported as a warning; graphstat lists them as unsupported.
Other formats (ONNX, TorchScript) are meant to be added as entries of FORMATS: a file extension and a
writer `write(model, example_input, name, path)`.

--check recomputes, from the written file alone, the parameter count (distinct parameter tensors),
the MACs of conv/linear/matmul/attention (cost-model.md formulas), FLOPs and memory traffic, and
compares them with model.parameters() and the reference figures (docs: figures.md). Exit status 1
if any check fails.
"""

import argparse
import collections
import json
import math
import os
import sys
import warnings

import torch
import torchvision

import zoo_onnx
import zoo_torchscript

# ----------------------------------------------------------------------------------------------
# The zoo

ZOO = collections.OrderedDict(
    [
        ("resnet18", lambda: torchvision.models.resnet18(weights=None)),
        ("resnet50", lambda: torchvision.models.resnet50(weights=None)),
        ("mobilenet_v2", lambda: torchvision.models.mobilenet_v2(weights=None)),
        ("vit_b_16", lambda: torchvision.models.vit_b_16(weights=None)),
    ]
)

# Reference figures (batch 1, 3x224x224, fp32): figures.md and the seed's ResNet-18 table.
EXPECTED = {
    "resnet18": {
        "params": 11_689_512,
        "macs": 1_814_073_344,
        "flops": 3_643_652_072,
        "memory": 116_954_688,
        "module_memory": {"conv1": 602_112 + 3_211_264 + 37_632, "layer1.0": 12_339_200},
    },
    "resnet50": {"params": 25_557_032, "macs": 4_089_184_256},
    "mobilenet_v2": {"params": 3_504_872, "macs": 300_774_272},
    "vit_b_16": {"params": 86_567_656, "macs": 17_563_828_224},
}

# ----------------------------------------------------------------------------------------------
# TorchScript helpers

DTYPES = {
    "Float": "float32", "Half": "float16", "BFloat16": "bfloat16", "Double": "float64",
    "Char": "int8", "Byte": "uint8", "Short": "int16", "Int": "int32", "Long": "int64",
    "Bool": "bool", "ComplexFloat": "complex64", "ComplexDouble": "complex128",
}
TORCH_DTYPES = {
    torch.float32: "float32", torch.float16: "float16", torch.bfloat16: "bfloat16",
    torch.float64: "float64", torch.int8: "int8", torch.uint8: "uint8", torch.int16: "int16",
    torch.int32: "int32", torch.int64: "int64", torch.bool: "bool",
    torch.complex64: "complex64", torch.complex128: "complex128",
}
DTYPE_BYTES = {
    "float32": 4, "float16": 2, "bfloat16": 2, "float64": 8, "int8": 1, "uint8": 1, "int16": 2,
    "int32": 4, "int64": 8, "bool": 1, "complex64": 8, "complex128": 16,
}

# Nodes that only move Python scalars, lists, tuples or module references around.
PLUMBING = {
    "prim::Constant", "prim::ListConstruct", "prim::ListUnpack", "prim::TupleConstruct",
    "prim::TupleUnpack", "prim::GetAttr", "prim::NumToTensor", "prim::device", "prim::dtype",
    "prim::shape", "prim::min", "prim::max", "aten::size", "aten::Int", "aten::Float",
    "aten::Bool", "aten::ScalarImplicit", "aten::dim", "aten::len", "aten::__getitem__",
    "aten::numel", "aten::item",
}


def is_tensor_type(t):
    return isinstance(t, torch._C.TensorType)


def is_tensor_list_type(t):
    return isinstance(t, torch._C.ListType) and is_tensor_type(t.getElementType())


def module_of(node):
    """'__module.layer1/__module.layer1.0/__module.layer1.0.conv1' -> 'layer1.0.conv1'."""
    scope = node.scopeName()
    if not scope:
        return ""
    last = scope.split("/")[-1]
    if last == "__module":
        return ""
    if last.startswith("__module."):
        return last[len("__module."):]
    return last


def base_name(kind):
    """'aten::relu_' -> 'relu'; 'aten::_convolution' -> '_convolution'; 'aten::__and__' kept."""
    name = kind.split("::", 1)[1]
    if name.endswith("_") and not name.endswith("__"):
        name = name[:-1]
    return name


class Evaluator:
    """Re-runs the traced graph node by node on the original model (forward from where it stopped,
    memoized) to get what the trace's types lack: shapes of incompletely typed outputs, non-constant
    scalar arguments, attribute objects (to tell parameters from buffers)."""

    def __init__(self, graph, model, inputs):
        self.env = {}
        gin = list(graph.inputs())
        self.env[gin[0].unique()] = model
        for v, t in zip(gin[1:], inputs):
            self.env[v.unique()] = t
        self.pending = iter(list(graph.nodes()))

    def value(self, v):
        key = v.unique()
        while key not in self.env:
            node = next(self.pending, None)
            if node is None:
                raise RuntimeError("value %s cannot be evaluated" % v.debugName())
            self._run(node)
        return self.env[key]

    def _run(self, node):
        kind = node.kind()
        outs = list(node.outputs())
        arg = lambda i: self.env[i.unique()]
        if kind == "prim::Constant":
            res = [outs[0].toIValue()]
        elif kind == "prim::GetAttr":
            res = [getattr(arg(node.input()), node.s("name"))]
        elif kind == "prim::ListConstruct":
            res = [[arg(i) for i in node.inputs()]]
        elif kind == "prim::TupleConstruct":
            res = [tuple(arg(i) for i in node.inputs())]
        elif kind in ("prim::ListUnpack", "prim::TupleUnpack"):
            res = list(arg(node.input()))
        elif kind == "prim::NumToTensor":
            res = [torch.tensor(arg(node.input()))]
        elif kind in ("aten::Int", "aten::ScalarImplicit"):
            res = [int(arg(node.input()))]
        elif kind == "aten::Float":
            res = [float(arg(node.input()))]
        elif kind.startswith("aten::"):
            schema = torch._C.parse_schema(node.schema())
            op = getattr(getattr(torch.ops.aten, kind[len("aten::"):]),
                         schema.overload_name or "default")
            args, kwargs = [], {}
            for a, i in zip(schema.arguments, node.inputs()):
                if a.kwarg_only:
                    kwargs[a.name] = arg(i)
                else:
                    args.append(arg(i))
            r = op(*args, **kwargs)
            res = list(r) if len(outs) > 1 else [r]
        else:
            raise RuntimeError("cannot evaluate %s to find a shape" % kind)
        for o, r in zip(outs, res):
            self.env[o.unique()] = r  # None for an undefined tensor (an unused optional result)


# ----------------------------------------------------------------------------------------------
# aten -> canonical op mapping

SAME_NAME = {
    "relu", "gelu", "sigmoid", "tanh", "exp", "log", "sqrt", "rsqrt", "neg", "abs", "erf", "sin",
    "cos", "floor", "ceil", "round", "sign", "reciprocal", "silu", "hardswish", "hardsigmoid",
    "mish", "softplus", "elu", "leaky_relu", "prelu", "pow", "sub", "mul", "div", "add", "where",
    "flatten", "dropout", "contiguous", "expand", "roll", "flip", "squeeze", "unsqueeze",
    "layer_norm", "group_norm", "instance_norm", "embedding", "one_hot",
}
RENAMED = {
    "hardtanh": "clip", "relu6": "clip", "clamp": "clip", "clamp_min": "clip", "clamp_max": "clip",
    "eq": "equal", "ne": "not_equal", "fill": "constant_of_shape", "zero": "constant_of_shape",
    "norm": "reduce_l2", "lt": "less", "gt": "greater", "le": "less_equal", "ge": "greater_equal",
    "maximum": "max", "minimum": "min", "logical_not": "not", "logical_and": "and",
    "logical_or": "or", "logical_xor": "xor", "bitwise_not": "bitwise_not",
    "remainder": "mod", "fmod": "mod", "floor_divide": "div", "true_divide": "div",
    "multiply": "mul", "subtract": "sub", "divide": "div", "masked_fill": "where",
    "feature_dropout": "dropout", "alpha_dropout": "dropout", "feature_alpha_dropout": "dropout",
    "view": "reshape", "reshape": "reshape", "_reshape_alias": "reshape", "view_as": "reshape",
    "reshape_as": "reshape", "unflatten": "reshape",
    "clone": "identity", "detach": "identity", "lift_fresh": "identity", "alias": "identity",
    "to": "cast", "type_as": "cast", "_to_copy": "cast",
    "expand_as": "expand", "repeat": "tile", "constant_pad_nd": "pad", "pad": "pad",
    "reflection_pad2d": "pad", "replication_pad2d": "pad",
    "cat": "concat", "concat": "concat", "stack": "concat",
    "chunk": "split", "split": "split", "split_with_sizes": "split", "unbind": "split",
    "tensor_split": "split",
    "narrow": "slice", "slice": "slice", "select": "gather", "index_select": "gather",
    "gather": "gather_elements", "scatter": "scatter",
    "zeros": "constant_of_shape", "ones": "constant_of_shape", "full": "constant_of_shape",
    "zeros_like": "constant_of_shape", "ones_like": "constant_of_shape",
    "full_like": "constant_of_shape", "new_zeros": "constant_of_shape",
    "new_ones": "constant_of_shape", "arange": "range",
    "mean": "reduce_mean", "sum": "reduce_sum", "prod": "reduce_prod", "amax": "reduce_max",
    "amin": "reduce_min", "argmax": "argmax", "argmin": "argmin", "cumsum": "cumsum",
    "topk": "top_k", "nonzero": "non_zero",
    "max_pool1d": "max_pool", "max_pool2d": "max_pool", "max_pool3d": "max_pool",
    "max_pool2d_with_indices": "max_pool",
    "avg_pool1d": "avg_pool", "avg_pool2d": "avg_pool", "avg_pool3d": "avg_pool",
    "adaptive_avg_pool1d": "adaptive_avg_pool", "adaptive_avg_pool2d": "adaptive_avg_pool",
    "adaptive_avg_pool3d": "adaptive_avg_pool", "adaptive_max_pool1d": "adaptive_max_pool",
    "adaptive_max_pool2d": "adaptive_max_pool", "adaptive_max_pool3d": "adaptive_max_pool",
    "upsample_nearest1d": "resize", "upsample_nearest2d": "resize", "upsample_nearest3d": "resize",
    "upsample_linear1d": "resize", "upsample_bilinear2d": "resize",
    "upsample_trilinear3d": "resize", "upsample_bicubic2d": "resize",
    "softmax": "softmax", "_softmax": "softmax", "log_softmax": "log_softmax",
    "_log_softmax": "log_softmax",
    "linear": "linear", "matmul": "matmul", "mm": "matmul", "bmm": "matmul",
    "addmm": "matmul", "baddbmm": "matmul", "einsum": "einsum", "batch_norm": "batch_norm",
    "_convolution": "conv", "convolution": "conv", "conv1d": "conv", "conv2d": "conv",
    "conv3d": "conv", "conv_transpose1d": "conv_transpose", "conv_transpose2d": "conv_transpose",
    "conv_transpose3d": "conv_transpose", "permute": "transpose", "transpose": "transpose",
    "t": "transpose", "_native_multi_head_attention": "multi_head_attention",
}


def pads_of(padding, nd):
    padding = list(padding) if isinstance(padding, (list, tuple)) else [padding] * nd
    return padding + padding  # ONNX order: all begins, then all ends


def ints(v, nd=None):
    if isinstance(v, (list, tuple)):
        return [int(i) for i in v]
    return [int(v)] * (nd or 1)


class Mapper:
    """Turns one aten node into (op, operands, attrs). Operands are torch._C.Value, "" or a list
    of values (tensor lists); attrs are JSON-able. Arguments are read by schema position."""

    def __init__(self, exporter):
        self.ex = exporter

    def arg(self, node, i):
        return self.ex.const(list(node.inputs())[i])

    def map(self, node):
        kind = node.kind()
        ins = list(node.inputs())
        name = base_name(kind)
        op = RENAMED.get(name, name if name in SAME_NAME else None)
        if op is None:
            return None
        special = getattr(self, "m_" + name.lstrip("_"), None)
        if special is not None:
            operands, attrs = special(node, ins)
        else:
            operands, attrs = self.default(node, ins)
        if name in ("_convolution", "convolution") and self.arg(node, 6):
            op = "conv_transpose"
        return op, operands, attrs

    def default(self, node, ins):
        return [v for v in ins if self.ex.is_tensorish(v)], {}

    # --- convolution
    def _conv(self, node, ins, stride_i, pad_i, dil_i, groups_i, outpad_i=None):
        w = self.ex.shape_of(ins[1])
        nd = len(w) - 2
        padding = self.arg(node, pad_i)
        attrs = {"strides": ints(self.arg(node, stride_i), nd)}
        if isinstance(padding, str):  # conv2d.padding overload: "same" / "valid"
            attrs["auto_pad"] = padding
        else:
            attrs["pads"] = pads_of(ints(padding, nd), nd)
        attrs["dilations"] = ints(self.arg(node, dil_i), nd)
        attrs["group"] = int(self.arg(node, groups_i))
        attrs["kernel_shape"] = list(w[2:])
        if outpad_i is not None and any(ints(self.arg(node, outpad_i), nd)):
            attrs["output_padding"] = ints(self.arg(node, outpad_i), nd)
        return [ins[0], ins[1], self.ex.opt(ins[2])], attrs

    def m_convolution(self, node, ins):  # also aten::_convolution (same leading arguments)
        return self._conv(node, ins, 3, 4, 5, 8, 7)

    def m_conv1d(self, node, ins):
        return self._conv(node, ins, 3, 4, 5, 6)

    m_conv2d = m_conv3d = m_conv1d

    def m_conv_transpose1d(self, node, ins):
        return self._conv(node, ins, 3, 4, 7, 6, 5)

    m_conv_transpose2d = m_conv_transpose3d = m_conv_transpose1d

    # --- matrix products
    def m_linear(self, node, ins):
        return [ins[0], ins[1], self.ex.opt(ins[2])], {}

    def m_addmm(self, node, ins):  # addmm(bias, a, b, beta, alpha) -> matmul [a, b, bias]
        return [ins[1], ins[2], ins[0]], {}

    m_baddbmm = m_addmm

    def m_einsum(self, node, ins):
        return [ins[1]], {"equation": self.arg(node, 0)}

    def m_native_multi_head_attention(self, node, ins):
        # (query, key, value, embed_dim, num_head, qkv_w, qkv_b, proj_w, proj_b, mask, ...)
        # The fused kernel always takes batch-first (B, L, E) inputs.
        operands = [ins[0], ins[1], ins[2], ins[5], self.ex.opt(ins[6]), ins[7], self.ex.opt(ins[8])]
        if len(ins) > 9 and self.ex.opt(ins[9]) != "":
            operands.append(ins[9])
        return operands, {"num_heads": int(self.arg(node, 4)), "batch_first": 1,
                          "embed_dim": int(self.arg(node, 3))}

    # --- normalization
    def m_batch_norm(self, node, ins):
        return [ins[0]] + [self.ex.opt(v) for v in ins[1:5]], {"epsilon": float(self.arg(node, 7))}

    def m_layer_norm(self, node, ins):
        return [ins[0], self.ex.opt(ins[2]), self.ex.opt(ins[3])], {
            "normalized_shape": ints(self.arg(node, 1)), "epsilon": float(self.arg(node, 4))}

    def m_group_norm(self, node, ins):
        return [ins[0], self.ex.opt(ins[2]), self.ex.opt(ins[3])], {
            "num_groups": int(self.arg(node, 1)), "epsilon": float(self.arg(node, 4))}

    def m_instance_norm(self, node, ins):
        return [ins[0]] + [self.ex.opt(v) for v in ins[1:5]], {}

    # --- activations with attributes
    def m_hardtanh(self, node, ins):
        return [ins[0]], {"min": float(self.arg(node, 1)), "max": float(self.arg(node, 2))}

    def m_relu6(self, node, ins):
        return [ins[0]], {"min": 0.0, "max": 6.0}

    def m_clamp(self, node, ins):
        attrs = {}
        for key, i in (("min", 1), ("max", 2)):
            v = self.arg(node, i) if len(ins) > i and not self.ex.is_tensorish(ins[i]) else None
            if v is not None:
                attrs[key] = float(v)
        return self.default(node, ins)[0], attrs

    def m_softmax(self, node, ins):
        return [ins[0]], {"axis": int(self.arg(node, 1))}

    m_log_softmax = m_softmax

    # --- pooling
    def _pool(self, node, ins, with_dilation, count_include_pad_i=None):
        k = ints(self.arg(node, 1))
        nd = len(k)
        stride = ints(self.arg(node, 2), nd) if self.arg(node, 2) else k
        attrs = {"kernel_shape": ints(k, nd), "strides": ints(stride, nd),
                 "pads": pads_of(ints(self.arg(node, 3), nd), nd)}
        if with_dilation:
            attrs["dilations"] = ints(self.arg(node, 4), nd)
            attrs["ceil_mode"] = int(bool(self.arg(node, 5)))
        else:
            attrs["ceil_mode"] = int(bool(self.arg(node, 4)))
            attrs["count_include_pad"] = int(bool(self.arg(node, 5)))
        return [ins[0]], attrs

    def m_max_pool2d(self, node, ins):
        return self._pool(node, ins, True)

    m_max_pool1d = m_max_pool3d = m_max_pool2d_with_indices = m_max_pool2d

    def m_avg_pool2d(self, node, ins):
        return self._pool(node, ins, False)

    m_avg_pool1d = m_avg_pool3d = m_avg_pool2d

    def m_adaptive_avg_pool2d(self, node, ins):
        return [ins[0]], {"output_size": ints(self.arg(node, 1))}

    m_adaptive_avg_pool1d = m_adaptive_avg_pool3d = m_adaptive_avg_pool2d
    m_adaptive_max_pool1d = m_adaptive_max_pool2d = m_adaptive_max_pool3d = m_adaptive_avg_pool2d

    def m_upsample_nearest2d(self, node, ins):
        return [ins[0]], {"mode": "nearest"}

    m_upsample_nearest1d = m_upsample_nearest3d = m_upsample_nearest2d

    def m_upsample_bilinear2d(self, node, ins):
        return [ins[0]], {"mode": "linear"}

    m_upsample_linear1d = m_upsample_trilinear3d = m_upsample_bilinear2d

    def m_upsample_bicubic2d(self, node, ins):
        return [ins[0]], {"mode": "cubic"}

    # --- reductions
    def m_mean(self, node, ins):
        attrs = {}
        if len(ins) > 2:
            dims = self.arg(node, 1)
            if dims is not None:
                attrs["axes"] = ints(dims)
            attrs["keepdims"] = int(bool(self.arg(node, 2)))
        return [ins[0]], attrs

    m_sum = m_mean

    # --- data movement
    def m_flatten(self, node, ins):
        return [ins[0]], {"start_dim": int(self.arg(node, 1)), "end_dim": int(self.arg(node, 2))}

    def m_view(self, node, ins):
        return [ins[0]], {"shape": list(self.ex.shape_of(node.output()))}

    m_reshape = m_reshape_alias = m_view_as = m_reshape_as = m_unflatten = m_view

    def m_permute(self, node, ins):
        return [ins[0]], {"perm": ints(self.arg(node, 1))}

    def m_transpose(self, node, ins):
        rank = len(self.ex.shape_of(ins[0]))
        a, b = int(self.arg(node, 1)) % rank, int(self.arg(node, 2)) % rank
        perm = list(range(rank))
        perm[a], perm[b] = perm[b], perm[a]
        return [ins[0]], {"perm": perm}

    def m_t(self, node, ins):
        return [ins[0]], {"perm": list(reversed(range(len(self.ex.shape_of(ins[0])))))}

    def m_cat(self, node, ins):
        return [ins[0]], {"axis": int(self.arg(node, 1))}

    m_concat = m_stack = m_cat

    def m_slice(self, node, ins):
        shape = self.ex.shape_of(ins[0])
        axis = int(self.arg(node, 1))
        start, end, step = self.arg(node, 2), self.arg(node, 3), self.arg(node, 4)
        dim = shape[axis]
        start = 0 if start is None else max(-dim, min(int(start), dim))
        end = dim if end is None else max(-dim, min(int(end), dim))
        return [ins[0]], {"axis": axis, "start": start, "end": end, "step": int(step)}

    def m_select(self, node, ins):
        return [ins[0]], {"axis": int(self.arg(node, 1)), "index": int(self.arg(node, 2))}

    def m_dropout(self, node, ins):
        return [ins[0]], {"ratio": float(self.arg(node, 1))}

    m_feature_dropout = m_alpha_dropout = m_feature_alpha_dropout = m_dropout

    def m_chunk(self, node, ins):
        return [ins[0]], {"axis": int(self.arg(node, 2))}

    def m_split(self, node, ins):
        return [ins[0]], {"axis": int(self.arg(node, 2))}

    m_split_with_sizes = m_split

    def m_unbind(self, node, ins):
        return [ins[0]], {"axis": int(self.arg(node, 1))}

    def m_to(self, node, ins):
        return [ins[0]], {"to": self.ex.dtype_of(node.output())}

    m_type_as = m_to_copy = m_to


# ----------------------------------------------------------------------------------------------
# Graph extraction


class Exporter:
    def __init__(self, model, inputs, name):
        self.model = model
        self.inputs = inputs
        self.name = name
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.traced = torch.jit.trace(model, inputs, check_trace=False)
        self.graph = self.traced.inlined_graph
        self.evaluator = Evaluator(self.graph, model, inputs)
        self.params = {}
        for n, p in model.named_parameters():
            self.params.setdefault(id(p), n)
        self.buffers = {}
        for n, b in model.named_buffers():
            self.buffers.setdefault(id(b), n)
        self.self_value = list(self.graph.inputs())[0]
        self.attr_path = {self.self_value.unique(): []}  # value -> attribute path from self
        self.scalar = set()       # values derived from sizes (NumToTensor): not graph tensors
        self.names = {}           # value.unique() -> tensor name
        self.attr_tensors = {}    # parameter/buffer name -> tensor name
        self.preferred = {}       # value.unique() -> name wished for (graph outputs)
        self.lists = {}           # value.unique() -> [value] for tensor lists
        self.used_names = set()
        self.tensors = []         # tensor JSON objects, in declaration order
        self.declared = set()
        self.nodes = []
        self.node_names = set()
        self.unknown = collections.Counter()
        self.mapper = Mapper(self)

    # --- small helpers used by Mapper
    def const(self, v):
        node = v.node()
        if node.kind() == "prim::Constant":
            return v.toIValue()
        if node.kind() == "prim::ListConstruct" and all(
                i.node().kind() == "prim::Constant" for i in node.inputs()):
            return [i.toIValue() for i in node.inputs()]
        with torch.no_grad():
            return self.evaluator.value(v)

    def is_tensorish(self, v):
        t = v.type()
        if v.unique() in self.scalar:
            return False
        return is_tensor_type(t) or is_tensor_list_type(t)

    def opt(self, v):
        """Optional tensor operand: "" when None."""
        return v if is_tensor_type(v.type()) else ""

    def shape_of(self, v):
        if isinstance(v, _Synthetic):
            return list(self._runtime_list(v.lst)[v.i].shape)
        t = v.type()
        sizes = t.sizes() if is_tensor_type(t) else None
        if sizes is not None and all(s is not None for s in sizes):
            return [int(s) for s in sizes]
        return [int(s) for s in self._runtime(v).shape]

    def dtype_of(self, v):
        if isinstance(v, _Synthetic):
            return TORCH_DTYPES[self._runtime_list(v.lst)[v.i].dtype]
        t = v.type()
        st = t.scalarType() if is_tensor_type(t) else None
        if st is not None and v.node().kind() != "prim::GetAttr":
            return DTYPES[st]
        return TORCH_DTYPES[self._runtime(v).dtype]

    def _runtime(self, v):
        with torch.no_grad():
            r = self.evaluator.value(v)
        if not isinstance(r, torch.Tensor):
            raise RuntimeError("value %s is not a tensor" % v.debugName())
        return r

    def unique_name(self, base):
        name, k = base, 1
        while name in self.used_names:
            name = "%s_%d" % (base, k)
            k += 1
        self.used_names.add(name)
        return name

    # --- tensors
    def tensor_name(self, v):
        """Name of a tensor value, declaring it (parameter, buffer, constant) on first use."""
        key = v.unique()
        if key in self.names:
            return self.names[key]
        node = v.node()
        role = None
        if node.kind() == "prim::GetAttr":
            obj = self._runtime(v)
            if id(obj) in self.params:
                base, role = self.params[id(obj)], "parameter"
            elif id(obj) in self.buffers:
                base, role = self.buffers[id(obj)], "buffer"
            else:
                base, role = ".".join(self.attr_path.get(key, [v.debugName()])), "constant"
            # a parameter reached through two attribute paths is one tensor
            if base in self.attr_tensors:
                self.names[key] = self.attr_tensors[base]
                return self.names[key]
        elif node.kind() == "prim::Constant":
            base, role = "const_" + v.debugName(), "constant"
        elif key in self.preferred:
            base = self.preferred[key]
        else:
            base = v.debugName()
            if base.isdigit():
                base = "t" + base
        name = self.unique_name(base)
        self.names[key] = name
        if node.kind() == "prim::GetAttr":
            self.attr_tensors[base] = name
        self.declare(v, name, role)
        return name

    def declare(self, v, name, role=None):
        if name in self.declared:
            return
        self.declared.add(name)
        obj = {"name": name, "shape": self.shape_of(v)}
        dt = self.dtype_of(v)
        if dt != "float32":
            obj["dtype"] = dt
        if role and role != "activation":
            obj["role"] = role
        self.tensors.append(obj)

    def operand_names(self, operands):
        out = []
        for o in operands:
            if isinstance(o, str):
                out.append(o)
            elif is_tensor_list_type(o.type()):
                out.extend(self.tensor_name(x) for x in self.list_items(o))
            elif o.unique() in self.scalar or not is_tensor_type(o.type()):
                continue  # Python scalar operand: omitted
            else:
                out.append(self.tensor_name(o))
        return out

    def list_items(self, v):
        key = v.unique()
        if key in self.lists:
            return self.lists[key]
        node = v.node()
        if node.kind() == "prim::ListConstruct":
            return [i for i in node.inputs() if i.unique() not in self.scalar]
        raise RuntimeError("tensor list %s has no known items" % v.debugName())

    # --- nodes
    def add_node(self, op, source_op, module, inputs, outputs, attrs):
        base = "%s/%s" % (module, op) if module else op
        name = base
        k = 1
        while name in self.node_names:
            name = "%s_%d" % (base, k)
            k += 1
        self.node_names.add(name)
        node = {"name": name, "op": op, "source_op": source_op, "module": module,
                "inputs": inputs, "outputs": outputs}
        if attrs:
            node["attrs"] = attrs
        self.nodes.append(node)

    def output_values(self, node):
        """Tensor outputs of a node; a tensor-list output is expanded through its ListUnpack."""
        outs = []
        for o in node.outputs():
            t = o.type()
            if is_tensor_type(t):
                outs.append(o)
            elif is_tensor_list_type(t):
                uses = [u.user for u in o.uses()]
                if len(uses) == 1 and uses[0].kind() == "prim::ListUnpack":
                    items = list(uses[0].outputs())
                else:
                    items = []
                    for i in range(len(self._runtime_list(o))):
                        items.append(_Synthetic(o, i, self))
                self.lists[o.unique()] = items
                outs.extend(items)
        return outs

    def _runtime_list(self, v):
        with torch.no_grad():
            return self.evaluator.value(v)

    def is_plumbing(self, node):
        """True for nodes that produce no graph node. Sizes carried as 0-d tensors
        (prim::NumToTensor and arithmetic on them) are remembered in self.scalar."""
        kind = node.kind()
        if kind == "prim::NumToTensor":
            self.scalar.add(node.output().unique())
            return True
        if kind == "prim::Constant":
            t = node.output().type()
            if is_tensor_type(t) and t.dim() == 0:
                self.scalar.add(node.output().unique())  # a wrapped Python number (x * 0.5)
            return True
        if kind in PLUMBING:
            return True
        outs = list(node.outputs())
        if not any(is_tensor_type(o.type()) or is_tensor_list_type(o.type()) for o in outs):
            return True  # scalar arithmetic, e.g. aten::floordiv on ints
        tin = [i for i in node.inputs() if is_tensor_type(i.type())]
        if tin and all(i.unique() in self.scalar for i in tin):
            for o in outs:  # arithmetic on sizes, e.g. aten::floor_divide(%h, 16)
                self.scalar.add(o.unique())
            return True
        return False

    def run(self):
        g = self.graph
        gin = list(g.inputs())[1:]
        in_names = []
        for i, v in enumerate(gin):
            name = self.unique_name("input" if len(gin) == 1 else "input_%d" % i)
            self.names[v.unique()] = name
            self.declare(v, name)
            in_names.append(name)
        # graph outputs get stable names too
        outs = []
        for v in g.outputs():
            node = v.node()
            if node.kind() in ("prim::TupleConstruct", "prim::ListConstruct"):
                outs.extend(i for i in node.inputs() if is_tensor_type(i.type()))
            elif is_tensor_type(v.type()):
                outs.append(v)
        out_names = []
        for i, v in enumerate(outs):
            self.preferred.setdefault(v.unique(), "output" if len(outs) == 1 else "output_%d" % i)

        for node in g.nodes():
            kind = node.kind()
            if kind == "prim::GetAttr":
                src = node.input().unique()
                if src in self.attr_path:
                    self.attr_path[node.output().unique()] = self.attr_path[src] + [node.s("name")]
                continue
            if not self.is_plumbing(node):
                self.emit(node)

        for v in outs:
            out_names.append(self.tensor_name(v))
        for name in out_names:
            if name not in self.declared:
                raise RuntimeError("graph output %s is not produced by any node" % name)
        if self.unknown:
            for kind, n in sorted(self.unknown.items()):
                print("warning: %s: no canonical op for %s (%d node%s); emitted as unsupported"
                      % (self.name, kind, n, "" if n == 1 else "s"), file=sys.stderr)
        return {
            "format": "graphstat-graph",
            "version": 1,
            "model": self.name,
            "inputs": in_names,
            "outputs": out_names,
            "tensors": self.tensors,
            "nodes": self.nodes,
        }

    def emit(self, node):
        kind = node.kind()
        module = module_of(node)
        if kind in ("aten::_scaled_dot_product_attention", "aten::scaled_dot_product_attention",
                    "aten::_scaled_dot_product_attention_math"):
            return self.emit_sdpa(node, module)
        mapped = self.mapper.map(node) if kind.startswith("aten::") else None
        if mapped is None:
            self.unknown[kind] += 1
            op = kind.split("::", 1)[1]
            operands = [v for v in node.inputs() if self.is_tensorish(v)]
            attrs = {}
        else:
            op, operands, attrs = mapped
        inputs = self.operand_names(operands)
        outputs = []
        for o in self.output_values(node):
            if self.is_undefined(o):
                continue  # e.g. the attention weights _native_multi_head_attention skips
            outputs.append(self.tensor_name(o))
        self.add_node(op, kind, module, inputs, outputs, attrs)

    def is_undefined(self, v):
        """An unused result the op leaves undefined (no shape in the trace, None when re-run)."""
        if isinstance(v, _Synthetic) or list(v.uses()):
            return False
        sizes = v.type().sizes()
        if sizes is not None and all(s is not None for s in sizes):
            return False
        with torch.no_grad():
            return self.evaluator.value(v) is None

    def emit_sdpa(self, node, module):
        """scaled_dot_product_attention(q, k, v, mask, dropout_p, need_weights|scale, is_causal)
        has no canonical op: emitted as transpose(k), matmul(q, kT), mul (scale), [add mask],
        softmax, matmul(attn, v), each with source_op = the aten name."""
        kind = node.kind()
        ins = list(node.inputs())
        q, k, v = ins[0], ins[1], ins[2]
        mask = self.opt(ins[3]) if len(ins) > 3 else ""
        qs, ks = self.shape_of(q), self.shape_of(k)
        dt = self.dtype_of(q)
        lead = qs[:-2]
        outs = [o for o in node.outputs()]

        def tmp(tag, shape):
            name = self.unique_name("%s_%s" % (self.tensor_name(outs[0]), tag))
            obj = {"name": name, "shape": shape}
            if dt != "float32":
                obj["dtype"] = dt
            self.tensors.append(obj)
            self.declared.add(name)
            return name

        y = self.tensor_name(outs[0])
        kt = tmp("kT", ks[:-2] + [ks[-1], ks[-2]])
        self.add_node("transpose", kind, module, [self.tensor_name(k)], [kt],
                      {"perm": list(range(len(ks) - 2)) + [len(ks) - 1, len(ks) - 2]})
        scores_shape = lead + [qs[-2], ks[-2]]
        s = tmp("scores", scores_shape)
        self.add_node("matmul", kind, module, [self.tensor_name(q), kt], [s], {})
        s2 = tmp("scaled", scores_shape)
        self.add_node("mul", kind, module, [s], [s2], {})
        if mask != "":
            s3 = tmp("masked", scores_shape)
            self.add_node("add", kind, module, [s2, self.tensor_name(mask)], [s3], {})
            s2 = s3
        weights_out = len(outs) > 1 and not self.is_undefined(outs[1])
        if weights_out:
            a = self.tensor_name(outs[1])
        else:
            a = tmp("attn", scores_shape)
        self.add_node("softmax", kind, module, [s2], [a], {"axis": -1})
        self.add_node("matmul", kind, module, [a, self.tensor_name(v)], [y], {})


class _Synthetic:
    """Element i of a tensor list that is not unpacked by a prim::ListUnpack."""

    def __init__(self, lst, i, ex):
        self.lst, self.i, self.ex = lst, i, ex
        self._unique = ("item", lst.unique(), i)

    def unique(self):
        return self._unique

    def type(self):
        return torch._C.TensorType.get()

    def debugName(self):
        return "%s_%d" % (self.lst.debugName(), self.i)

    def node(self):
        return self.lst.node()


def export_graph(model, example_input, name):
    return Exporter(model, (example_input,), name).run()


# ----------------------------------------------------------------------------------------------
# Formats


def write_json(model, example_input, name, path):
    graph = export_graph(model, example_input, name)
    dump = lambda o: json.dumps(o, separators=(",", ":"))
    lines = ['{"format":"graphstat-graph","version":1,"model":%s,' % dump(graph["model"]),
             '"inputs":%s,"outputs":%s,' % (dump(graph["inputs"]), dump(graph["outputs"])),
             '"tensors":[']
    lines.append(",\n".join(dump(t) for t in graph["tensors"]))
    lines.append('],\n"nodes":[')
    lines.append(",\n".join(dump(n) for n in graph["nodes"]))
    lines.append("]}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


Format = collections.namedtuple("Format", "extension write check")

# name -> (file extension, writer(model, example_input, name, path), checker or None).
# An ONNX (".onnx", torch.onnx.export) or TorchScript (".pt", torch.jit.trace(...).save) writer
# slots in here; --check only knows how to read the JSON graph.
FORMATS = collections.OrderedDict([
    ("json", Format(".json", write_json, lambda path: load_json(path))),
    ("onnx", Format(".onnx", zoo_onnx.write, None)),
    ("torchscript", Format(".pt", zoo_torchscript.write, None)),
])

# ----------------------------------------------------------------------------------------------
# Independent check: cost-model.md formulas over the written JSON


def load_json(path):
    with open(path) as f:
        return json.load(f)


def numel(shape):
    return math.prod(shape) if shape else 1


FLOPS_PER_ELEMENT = {}
for _ops, _n in (
    ("relu clip add sub mul div pow sqrt rsqrt reciprocal exp log neg abs erf tanh sin cos floor "
     "ceil round sign max min mod where equal less greater less_equal greater_equal not and or xor "
     "bitwise_not", 1),
    ("leaky_relu prelu", 2), ("sigmoid hardsigmoid elu softplus", 3), ("silu hardswish", 4),
    ("gelu softmax log_softmax mish", 5),
):
    for _op in _ops.split():
        FLOPS_PER_ELEMENT[_op] = _n


def node_cost(node, T):
    """(MACs, FLOPs) of one node per docs/cost-model.md; T maps tensor name -> tensor object."""
    op = node["op"]
    ins = node["inputs"]
    sh = lambda i: T[ins[i]]["shape"] if len(ins) > i and ins[i] else None
    Y = T[node["outputs"][0]]["shape"] if node["outputs"] else []
    attrs = node.get("attrs", {})
    has = lambda i: len(ins) > i and ins[i] != ""
    if op == "conv":
        W = sh(1)
        macs = numel(Y) * W[1] * numel(W[2:])
        return macs, 2 * macs + (numel(Y) if has(2) else 0)
    if op == "conv_transpose":
        W = sh(1)
        macs = numel(sh(0)) * W[1] * numel(W[2:])
        return macs, 2 * macs + (numel(Y) if has(2) else 0)
    if op == "linear":
        macs = numel(Y) * sh(1)[-1]
        return macs, 2 * macs + (numel(Y) if has(2) else 0)
    if op == "gemm":
        A = sh(0)
        macs = numel(Y) * (A[0] if attrs.get("transA", 0) else A[1])
        return macs, 2 * macs + (numel(Y) if has(2) else 0)
    if op == "matmul":
        macs = numel(Y) * sh(0)[-1]
        return macs, 2 * macs + (numel(Y) if has(2) else 0)
    if op == "einsum":
        if len(ins) >= 2:
            lhs = attrs["equation"].replace(" ", "").split("->")[0].split(",")
            sizes = {}
            for term, name in zip(lhs, ins):
                for c, d in zip(term, T[name]["shape"]):
                    sizes[c] = d
            macs = numel(list(sizes.values()))
            return macs, 2 * macs
        return 0, 0  # one-operand einsum: not needed by the zoo
    if op == "multi_head_attention":
        q, k = sh(0), sh(1)
        if attrs.get("batch_first", 0):
            B, Lq, E = q[0], q[1], q[2]
            Lk = k[1]
        else:
            Lq, B, E = q[0], q[1], q[2]
            Lk = k[0]
        H = attrs["num_heads"]
        macs = B * (Lq * E * E + 2 * Lk * E * E + 2 * Lq * Lk * E + Lq * E * E)
        flops = 2 * macs + B * H * Lq * Lk + 5 * B * H * Lq * Lk
        if has(4):
            flops += B * (Lq + 2 * Lk) * E
        if has(6):
            flops += B * Lq * E
        return macs, flops
    if op in ("batch_norm", "layer_norm", "group_norm", "instance_norm", "rms_norm",
              "local_response_norm"):
        return 0, 5 * numel(Y)
    if op in FLOPS_PER_ELEMENT:
        return 0, FLOPS_PER_ELEMENT[op] * numel(Y)
    if op == "avg_pool":
        return 0, numel(Y) * numel(attrs["kernel_shape"])
    if op in ("adaptive_avg_pool", "global_avg_pool", "reduce_mean", "reduce_sum", "reduce_prod",
              "cumsum"):
        return 0, numel(sh(0))
    if op in ("reduce_l2", "reduce_sum_square"):
        return 0, 2 * numel(sh(0))
    if op == "resize":
        return 0, {"linear": 4, "cubic": 16}.get(attrs.get("mode"), 0) * numel(Y)
    return 0, 0


# Canonical ops of docs/cost-model.md (the check reports anything else as unsupported).
CANONICAL = set(FLOPS_PER_ELEMENT) | set("""
    conv conv_transpose linear gemm matmul einsum multi_head_attention batch_norm layer_norm
    group_norm instance_norm rms_norm local_response_norm max_pool global_max_pool
    adaptive_max_pool avg_pool adaptive_avg_pool global_avg_pool reduce_mean reduce_sum
    reduce_prod cumsum reduce_l2 reduce_sum_square reduce_max reduce_min argmax argmin reshape
    flatten transpose concat split slice gather gather_elements scatter pad expand squeeze
    unsqueeze tile roll flip identity contiguous dropout cast embedding one_hot constant_of_shape
    range shape non_zero top_k resize""".split())


def summarize(graph):
    T = {t["name"]: t for t in graph["tensors"]}
    nbytes = lambda n: numel(T[n]["shape"]) * DTYPE_BYTES[T[n].get("dtype", "float32")]
    params = sum(numel(t["shape"]) for t in graph["tensors"] if t.get("role") == "parameter")
    macs = flops = memory = 0
    per_module = collections.Counter()
    for node in graph["nodes"]:
        m, f = node_cost(node, T)
        mem = sum(nbytes(n) for n in node["inputs"] if n) + sum(nbytes(n) for n in node["outputs"])
        macs, flops, memory = macs + m, flops + f, memory + mem
        path = node.get("module", "")
        parts = path.split(".") if path else []
        for i in range(len(parts) + 1):
            per_module[".".join(parts[:i])] += mem
    return {"params": params, "macs": macs, "flops": flops, "memory": memory,
            "module_memory": per_module, "nodes": len(graph["nodes"]),
            "unsupported": collections.Counter(
                n["op"] for n in graph["nodes"] if n["op"] not in CANONICAL)}


def check(name, path, model, fmt):
    graph = fmt.check(path)
    s = summarize(graph)
    ok = True

    def cmp(label, got, want):
        nonlocal ok
        good = got == want
        ok = ok and good
        print("  %-26s %18s  %s" % (label, "{:,}".format(got),
                                    "ok" if good else "MISMATCH, expected {:,}".format(want)))

    print("%s: %d nodes, %d tensors" % (name, s["nodes"], len(graph["tensors"])))
    cmp("params vs model", s["params"], sum(p.numel() for p in model.parameters()))
    exp = EXPECTED.get(name, {})
    for key in ("params", "macs", "flops", "memory"):
        if key in exp:
            cmp(key + " vs reference", s[key], exp[key])
        elif key != "params":
            print("  %-26s %18s" % (key, "{:,}".format(s[key])))
    for mod, want in exp.get("module_memory", {}).items():
        cmp("memory of %s" % mod, s["module_memory"][mod], want)
    if s["unsupported"]:
        print("  unsupported ops: %s" % dict(s["unsupported"]))
    return ok


# ----------------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="+", default=list(ZOO), choices=list(ZOO), metavar="NAME",
                    help="models to export (default: all of %s)" % ", ".join(ZOO))
    ap.add_argument("--out-dir", default=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models"),
        help="output directory (default: the repository's models/)")
    ap.add_argument("--format", default="json", choices=list(FORMATS), help="output format")
    ap.add_argument("--batch", type=int, default=1, help="input batch size (default 1)")
    ap.add_argument("--image-size", type=int, default=224, help="input height and width (224)")
    ap.add_argument("--check", action="store_true",
                    help="after writing, verify params/MACs/FLOPs/memory recomputed from the file")
    ap.add_argument("--check-only", action="store_true",
                    help="verify existing files in --out-dir without exporting")
    args = ap.parse_args(argv)

    fmt = FORMATS[args.format]
    os.makedirs(args.out_dir, exist_ok=True)
    torch.manual_seed(0)
    all_ok = True
    for name in args.models:
        model = ZOO[name]().eval()
        path = os.path.join(args.out_dir, name + fmt.extension)
        if not args.check_only:
            x = torch.randn(args.batch, 3, args.image_size, args.image_size)
            fmt.write(model, x, name, path)
            print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
        if args.check or args.check_only:
            if fmt.check is None:
                print("%s: no check for format %s" % (name, args.format))
            elif args.batch != 1 or args.image_size != 224:
                print("%s: reference figures are for 1x3x224x224; printing only" % name)
                EXPECTED.pop(name, None)
                all_ok &= check(name, path, model, fmt)
            else:
                all_ok &= check(name, path, model, fmt)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
