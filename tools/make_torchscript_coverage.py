"""Writes the fixtures of tests/unit/torchscript_coverage_test.cpp into tests/data/torchscript_coverage.

Run with Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14, onnx 1.12):

    /usr/bin/python3 tools/make_torchscript_coverage.py tests/data/torchscript_coverage

Every model is tiny and weight-stripped (tools/zoo_torchscript.py, tools/zoo_onnx.py), so each file
stays well under 300 KB. The hand-computed figures the test checks are in the test's comments.
"""

import os
import sys
import warnings
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zoo_onnx  # noqa: E402
import zoo_torchscript  # noqa: E402


class Block(torch.nn.Module):
    """A transformer-ish block without fused kernels, so .pt and .onnx hold the same products."""

    def __init__(self, dim=32, heads=2):
        super().__init__()
        self.heads = heads
        self.norm1 = torch.nn.LayerNorm(dim)
        self.qkv = torch.nn.Linear(dim, 3 * dim)
        self.proj = torch.nn.Linear(dim, dim)
        self.norm2 = torch.nn.LayerNorm(dim)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(dim, 2 * dim), torch.nn.ReLU(),
                                       torch.nn.Linear(2 * dim, dim))

    def forward(self, x):
        b, n, c = 1, 16, 32  # constants: the ONNX export then needs no Shape arithmetic
        qkv = self.qkv(self.norm1(x)).reshape(b, n, 3, self.heads, c // self.heads)
        qkv = qkv.permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = torch.softmax(torch.matmul(q, k.transpose(-2, -1)), dim=-1)
        y = torch.matmul(attn, v).transpose(1, 2).reshape(b, n, c)
        x = x + self.proj(y)
        return x + self.mlp(self.norm2(x))


class Blocks(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = torch.nn.ModuleList([Block(), Block()])
        self.head = torch.nn.Linear(32, 10)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(x)


class Upsample(torch.nn.Module):
    def forward(self, x):
        return (F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False),
                F.interpolate(x, size=(12, 12), mode="bicubic", align_corners=False))


class NmsRoi(torch.nn.Module):
    """Detection-style: NMS keeps a data-dependent number of boxes, roi_align pools each."""

    def __init__(self):
        super().__init__()
        self.backbone = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.head = torch.nn.Linear(4 * 2 * 2, 5)

    def forward(self, x, boxes, scores):
        features = self.backbone(x)
        keep = torchvision.ops.nms(boxes, scores, 0.5)
        kept = boxes[keep]
        rois = torch.cat([torch.zeros_like(kept[:, :1]), kept], dim=1)
        pooled = torchvision.ops.roi_align(features, rois, output_size=(2, 2), spatial_scale=1.0,
                                           sampling_ratio=2, aligned=True)
        return self.head(pooled.flatten(1))


class DictOutput(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 1)

    def forward(self, x) -> Dict[str, torch.Tensor]:
        y = self.conv(x)
        return {"out": y, "aux": torch.relu(y)}


class OptionalIf(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(8, 4)

    def forward(self, x, bias: Optional[torch.Tensor] = None) -> Tuple[torch.Tensor, int]:
        if bias is None:
            pair = (self.fc(x), 1)
        else:
            pair = (self.fc(x) + bias, 2)
        y, n = pair
        outs: List[torch.Tensor] = []
        for i in range(n):
            outs.append(y * float(i + 1))
        return torch.cat(outs, 0), n


class Embed(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = torch.nn.Embedding(1000, 32)
        self.fc = torch.nn.Linear(32, 8)

    def forward(self, ids):
        return self.fc(self.tok(ids))


@torch.jit.script
class Detections(object):
    """A script class object, as torchvision's ImageList: prim::CreateObject, then its __init__'s
    prim::SetAttr, and fields read back with prim::GetAttr."""

    def __init__(self, images: torch.Tensor, boxes: torch.Tensor, sizes: List[Tuple[int, int]]):
        self.images = images
        self.boxes = boxes
        self.sizes = sizes


class ObjectWarn(torch.nn.Module):
    """Fields of a script class object written after creation (one from NMS: its length is
    data), and a warnings.warn (aten::warn) on a branch that runs."""

    def __init__(self):
        super().__init__()
        self.backbone = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.fc = torch.nn.Linear(4, 2)
        self.box_fc = torch.nn.Linear(4, 3)

    def forward(self, x, boxes, scores):
        dets = Detections(x, boxes, [(x.shape[-2], x.shape[-1])])
        if dets.sizes[0][0] < 16:
            warnings.warn("small image")
        dets.images = self.backbone(dets.images)
        keep = torchvision.ops.nms(dets.boxes, scores, 0.5)
        dets.boxes = dets.boxes[keep]
        return self.fc(dets.images.mean(dim=(2, 3))), self.box_fc(dets.boxes)


class SamePadding(torch.nn.Module):
    """padding='same' with an odd total (kernel 5: 4 rows of padding, 2 on each side)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 5, padding="same")

    def forward(self, x):
        return self.conv(x)


class GridSampleModes(torch.nn.Module):
    """aten::grid_sampler's integer mode (0 bilinear, 1 nearest, 2 bicubic), one of each."""

    def forward(self, x, grid):
        return (F.grid_sample(x, grid, mode="bilinear", align_corners=False),
                F.grid_sample(x, grid, mode="nearest", align_corners=False),
                F.grid_sample(x, grid, mode="bicubic", align_corners=False))


class InputPlumbing(torch.nn.Module):
    """A graph input coming back out of an If and out of a list filled by append (found by its
    tensor, not by a producing op), and repeat_interleave's one-argument overload."""

    def forward(self, x, counts):
        if x.size(0) > 1:
            y = x
        else:
            y = torch.relu(x)
        xs: List[torch.Tensor] = []
        xs.append(x)
        return y * 2.0 + torch.cat(xs, 0), torch.repeat_interleave(counts)


class DeformConv(torch.nn.Module):
    """torchvision's deformable conv (torchvision::deform_conv2d), its offsets from a plain conv."""

    def __init__(self):
        super().__init__()
        self.offset = torch.nn.Conv2d(4, 18, 3, padding=1)
        self.deform = torchvision.ops.DeformConv2d(4, 6, 3, padding=1, bias=False)

    def forward(self, x):
        return self.deform(x, self.offset(x))


class AttentionWeights(torch.nn.Module):
    """nn.MultiheadAttention's fused inference kernel returning per-head weights: batch 2 and
    5 tokens, so each weights dimension is told apart."""

    def __init__(self):
        super().__init__()
        self.mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, x):
        return self.mha(x, x, x, need_weights=True, average_attn_weights=False)


class SizeArithmetic(torch.nn.Module):
    """Sizes computed from the input's, as a trace records them: prim::NumToTensor, then
    aten::mul and aten::floor_divide on 0-d tensors. Arithmetic on sizes, not ops of the model."""

    def forward(self, x):
        return x.reshape(x.size(0) * 2, x.size(1) // 2) * 2.0


class SizeFromData(torch.nn.Module):
    """A size read out of an activation: int() of its median (aten::median has no meta kernel, so
    graphstat evaluates it on zeros). The number is data, a named symbol, not the zeros' 0."""

    def forward(self, x):
        k = int(torch.median(x))
        return torch.relu(x[:k])


def script(model, path):
    scripted = torch.jit.script(model.eval())
    zoo_torchscript.strip_weights(scripted, eager=model)
    scripted.save(path)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    # Distinct weights: the ONNX exporter merges equal initializers (every LayerNorm starts at ones),
    # which would share parameters the .pt keeps apart.
    blocks = zoo_onnx.randomize(Blocks().eval())
    x = torch.randn(1, 16, 32)
    zoo_torchscript.save(blocks, (x,), os.path.join(out_dir, "blocks.pt"))
    onnx_path = os.path.join(out_dir, "blocks.onnx")
    zoo_onnx.export(blocks, x, onnx_path, opset=17, variant="bn", dynamic_batch=False)
    zoo_onnx.strip(onnx_path)

    zoo_torchscript.save(Upsample().eval(), (torch.randn(1, 3, 8, 8),),
                         os.path.join(out_dir, "upsample.pt"))

    boxes = torch.tensor([[0.0, 0.0, 4.0, 4.0], [1.0, 1.0, 5.0, 5.0], [4.0, 4.0, 7.0, 7.0]])
    scores = torch.tensor([0.9, 0.8, 0.7])
    zoo_torchscript.save(NmsRoi().eval(), (torch.randn(1, 3, 8, 8), boxes, scores),
                         os.path.join(out_dir, "nms_roi.pt"))

    script(DictOutput(), os.path.join(out_dir, "dict_output.pt"))
    script(OptionalIf(), os.path.join(out_dir, "optional_if.pt"))
    script(ObjectWarn(), os.path.join(out_dir, "object_warn.pt"))
    zoo_torchscript.save(Embed().eval(), (torch.zeros(1, 16, dtype=torch.int64),),
                         os.path.join(out_dir, "embedding.pt"))
    zoo_torchscript.save(SamePadding().eval(), (torch.randn(1, 3, 8, 8),),
                         os.path.join(out_dir, "same_padding.pt"))
    zoo_torchscript.save(GridSampleModes().eval(),
                         (torch.randn(1, 3, 8, 8), torch.rand(1, 6, 6, 2) * 2 - 1),
                         os.path.join(out_dir, "grid_sample_modes.pt"))
    script(InputPlumbing(), os.path.join(out_dir, "input_plumbing.pt"))
    # The fused encoder layer (traced under no_grad in eval) with norm_first, an attribute only
    # the fused op carries.
    layer = torch.nn.TransformerEncoderLayer(32, 2, 64, batch_first=True, norm_first=True)
    zoo_torchscript.save(layer.eval(), (torch.randn(1, 8, 32),),
                         os.path.join(out_dir, "encoder_norm_first.pt"))
    zoo_torchscript.save(DeformConv().eval(), (torch.randn(1, 4, 8, 8),),
                         os.path.join(out_dir, "deform_conv.pt"))
    zoo_torchscript.save(AttentionWeights().eval(), (torch.randn(2, 5, 8),),
                         os.path.join(out_dir, "attention_weights.pt"))
    zoo_torchscript.save(SizeArithmetic().eval(), (torch.randn(4, 6),),
                         os.path.join(out_dir, "size_arithmetic.pt"))
    script(SizeFromData(), os.path.join(out_dir, "size_from_data.pt"))
    for name in sorted(os.listdir(out_dir)):
        size = os.path.getsize(os.path.join(out_dir, name))
        assert size < 300_000, f"{name} is {size} bytes"
        print(f"{name}: {size} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/torchscript_coverage")
