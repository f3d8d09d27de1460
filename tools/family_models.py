"""The models tools/sweep_families.py exports: every torchvision 0.14 detection, segmentation, video
and optical-flow model (weights=None, weights_backbone=None, eval) and the sequence models of
tools/sequence_models.py, each with small static inputs.

MODELS maps a name to (family, build, inputs): build() returns the eval-mode nn.Module, inputs is a
list of (input name, shape, dtype). Detection models take one 1x3xHxW batch through a wrapper whose
forward passes its single image as the list torchvision expects, so that both exports (.pt and
.onnx) have one tensor input and the same module names (`net.backbone...`).
"""

from typing import Dict, List

import torch
import torchvision

import sequence_models

FAMILIES = ("detection", "segmentation", "video", "optical_flow", "sequence")


class Detection(torch.nn.Module):
    """A torchvision detector on one image given as a 1x3xHxW tensor. Scripted detectors return
    (losses, detections); eager ones the detections only."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> List[Dict[str, torch.Tensor]]:
        out = self.net([x[0]])
        if torch.jit.is_scripting():
            return out[1]
        return out


def _detection(name):
    kwargs = {"weights": None, "weights_backbone": None}
    if not name.startswith("ssd"):
        # The R-CNN, RetinaNet and FCOS transforms resize to 800 px by default: keep 320.
        kwargs.update(min_size=320, max_size=320)
    return lambda: Detection(torchvision.models.get_model(name, **kwargs).eval()).eval()


def _plain(name, **kwargs):
    return lambda: torchvision.models.get_model(name, weights=None, **kwargs).eval()


def _float(*shape, name="x"):
    return [(name, shape, torch.float32)]


def _build_registry():
    models = {}
    m = torchvision.models
    for name in m.list_models(module=m.detection):
        size = 300 if name == "ssd300_vgg16" else 320
        models[name] = ("detection", _detection(name), _float(1, 3, size, size))
    for name in m.list_models(module=m.segmentation):
        models[name] = ("segmentation", _plain(name, weights_backbone=None),
                        _float(1, 3, 224, 224))
    for name in m.list_models(module=m.video):
        # MViT has a fixed 16x224x224 input (its position embeddings); S3D's final 2x7x7 average
        # pool needs at least 16 frames of 224 px. The ResNet-3D models take 8x112x112.
        big = name.startswith("mvit") or name == "s3d"
        shape = (1, 3, 16, 224, 224) if big else (1, 3, 8, 112, 112)
        models[name] = ("video", _plain(name), _float(*shape))
    for name in m.list_models(module=m.optical_flow):
        models[name] = ("optical_flow", _plain(name), _float(1, 3, 128, 128, name="image1")
                        + _float(1, 3, 128, 128, name="image2"))
    for name, (build, inputs) in sequence_models.SWEEP.items():
        models[name] = ("sequence", lambda build=build: build().eval(), inputs)
    return models


MODELS = _build_registry()
