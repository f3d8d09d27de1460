#!/usr/bin/python3
"""Exports torchvision 0.14 detection, segmentation, optical-flow and video models to ONNX (torch 1.13
exporter, weights=None, eval mode, static shapes, small inputs) for graphstat's ONNX sweep, and runs
the graphstat executable on each:

    /usr/bin/python3 tools/export_detection_onnx.py --out /tmp/onnx-det [--graphstat build/bin/graphstat]
        [--models fasterrcnn_mobilenet_v3_large_fpn ...] [--opset 13]

Each export is cached (OUT/NAME-opOPSET.onnx is reused when present): these exports take minutes on a
small machine. Files keep their weights (they are large: keep OUT outside the repository).
With --fixture DIR, writes instead the small weight-stripped test fixture tiny_detector-op13.onnx
(a conv backbone, box and score heads, NonMaxSuppression, RoiAlign and a Linear on the kept boxes)
and prints its closed-form MACs. With --graphstat, prints per model: exit status, number of unresolved ops, the symbols they wait on
and the total MACs.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import warnings

import torch
import torchvision
from torchvision.models import detection, segmentation, optical_flow, video

SIZE = 320  # the detectors' transform resizes to this (min_size = max_size), so shapes are small


def _det(fn, **kw):
    def build():
        m = fn(weights=None, weights_backbone=None, **kw).eval()
        return m, ([torch.rand(3, SIZE, SIZE)],)
    return build


def _seg(fn):
    def build():
        m = fn(weights=None, weights_backbone=None, aux_loss=False).eval()
        return m, (torch.rand(1, 3, SIZE, SIZE),)
    return build


def _video(fn, frames, size):
    def build():
        return fn(weights=None).eval(), (torch.rand(1, 3, frames, size, size),)
    return build


OPSET = {"raft_small": 16}  # GridSample (aten::grid_sampler) exports from opset 16


def _raft():
    m = optical_flow.raft_small(weights=None).eval()
    return m, (torch.rand(1, 3, 128, 128), torch.rand(1, 3, 128, 128))


SMALL = dict(min_size=SIZE, max_size=SIZE)
MODELS = {
    "fasterrcnn_resnet50_fpn": _det(detection.fasterrcnn_resnet50_fpn, **SMALL),
    "fasterrcnn_mobilenet_v3_large_fpn": _det(detection.fasterrcnn_mobilenet_v3_large_fpn, **SMALL),
    "maskrcnn_resnet50_fpn": _det(detection.maskrcnn_resnet50_fpn, **SMALL),
    "keypointrcnn_resnet50_fpn": _det(detection.keypointrcnn_resnet50_fpn, **SMALL),
    "retinanet_resnet50_fpn": _det(detection.retinanet_resnet50_fpn, **SMALL),
    "fcos_resnet50_fpn": _det(detection.fcos_resnet50_fpn, **SMALL),
    "ssd300_vgg16": _det(detection.ssd300_vgg16),
    "ssdlite320_mobilenet_v3_large": _det(detection.ssdlite320_mobilenet_v3_large),
    "fcn_resnet50": _seg(segmentation.fcn_resnet50),
    "deeplabv3_mobilenet_v3_large": _seg(segmentation.deeplabv3_mobilenet_v3_large),
    "lraspp_mobilenet_v3_large": lambda: (
        segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None).eval(),
        (torch.rand(1, 3, SIZE, SIZE),)),
    "raft_small": _raft,
    "r3d_18": _video(video.r3d_18, 8, 112),
    "s3d": _video(video.s3d, 16, 224),
    "mvit_v1_b": _video(video.mvit_v1_b, 16, 224),
}


class TinyDetector(torch.nn.Module):
    """The data-dependent tail of a two-stage detector in miniature, on a 1x3x32x32 image: a conv
    backbone (8x16x16 features), 1x1 box and score heads over its 256 locations, torchvision's nms
    (NonMaxSuppression: how many boxes it keeps is data), RoiAlign of the kept boxes to 8x2x2 and a
    Linear(32, 5) classifier per kept box."""

    def __init__(self):
        super().__init__()
        self.backbone = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.box_head = torch.nn.Conv2d(8, 4, 1)
        self.score_head = torch.nn.Conv2d(8, 1, 1)
        self.classifier = torch.nn.Linear(8 * 2 * 2, 5)

    def forward(self, x):
        f = torch.relu(self.backbone(x))
        boxes = self.box_head(f).flatten(2).transpose(1, 2)[0]
        scores = self.score_head(f).flatten()
        keep = torchvision.ops.nms(boxes, scores, 0.5)
        rois = torch.cat([torch.zeros(keep.shape[0], 1), boxes[keep]], 1)
        pooled = torchvision.ops.roi_align(f, rois, (2, 2), 0.5)
        return self.classifier(pooled.flatten(1))


def make_fixture(out_dir):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import zoo_onnx  # noqa: E402
    torch.manual_seed(0)
    model = zoo_onnx.randomize(TinyDetector().eval())
    path = os.path.join(out_dir, "tiny_detector-op13.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.rand(1, 3, 32, 32),), path, opset_version=13,
                          input_names=["x"], output_names=["y"])
    zoo_onnx.strip(path)
    # Static: backbone 8*16*16 outputs x 3*3*3 = 55296, box head 4*256 x 8 = 8192, score head
    # 256 x 8 = 2048; per kept box: classifier 32 x 5 = 160.
    static = 8 * 16 * 16 * 27 + 4 * 256 * 8 + 256 * 8
    print("%s: %d bytes, static MACs %d, + 160 per kept box" % (path, os.path.getsize(path), static))


def static_macs(name):
    """Closed-form conv/linear/matmul MACs (tools/zoo_onnx.py's counter) of the parts of a
    detector that do not depend on data: the backbone with its FPN, and the RPN or dense head, on
    the transformed (resized, padded) image. Returns {module: MACs}."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import zoo_onnx  # noqa: E402
    torch.manual_seed(0)
    model, args = MODELS[name]()
    with torch.no_grad():
        images, _ = model.transform(args[0])
    out = {}
    counter = zoo_onnx.MacCounter()
    with torch.no_grad(), counter:
        features = model.backbone(images.tensors)
    out["backbone"] = counter.macs
    feats = list(features.values()) if isinstance(features, dict) else [features]
    head = model.rpn.head if hasattr(model, "rpn") else model.head
    counter = zoo_onnx.MacCounter()
    with torch.no_grad(), counter:
        head(feats)
    out["rpn" if hasattr(model, "rpn") else "head"] = counter.macs
    return out


def export(name, path, opset):
    torch.manual_seed(0)
    model, args = MODELS[name]()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, args, path, opset_version=opset)


def analyze(graphstat, path, extra=()):
    r = subprocess.run([graphstat, path, "--format", "json"] + list(extra), capture_output=True,
                       text=True)
    if r.returncode != 0:
        return r.returncode, None, r.stderr.strip().splitlines()[-1:] or [""]
    return 0, json.loads(r.stdout), ""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/onnx-det")
    ap.add_argument("--graphstat")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--models", nargs="*")
    ap.add_argument("--fixture", metavar="DIR")
    ap.add_argument("--static-macs", metavar="MODEL",
                    help="print the closed-form MACs of MODEL's backbone and RPN/dense head")
    args = ap.parse_args(argv)
    if args.static_macs:
        print(json.dumps(static_macs(args.static_macs)))
        return 0
    if args.fixture:
        make_fixture(args.fixture)
        return 0
    os.makedirs(args.out, exist_ok=True)
    failures = []
    for name in args.models or list(MODELS):
        opset = max(args.opset, OPSET.get(name, 0))
        path = os.path.join(args.out, "%s-op%d.onnx" % (name, opset))
        if not os.path.exists(path):
            start = time.time()
            try:
                export(name, path + ".part", opset)
                os.replace(path + ".part", path)
            except Exception as e:  # noqa: BLE001  (a model torch cannot export is reported)
                print("%-36s export failed: %s" % (name, str(e).splitlines()[0]), flush=True)
                failures.append(name)
                continue
            print("%-36s exported in %.0f s" % (name, time.time() - start), flush=True)
        if args.graphstat:
            rc, report, err = analyze(args.graphstat, path)
            print("%-36s exit %d %s" % (name, rc, summary(report) if report else err), flush=True)
            if rc != 0:
                failures.append(name)
    print("failures: %s" % (", ".join(failures) or "none"))
    return 1 if failures else 0


def summary(report):
    unresolved = report.get("unresolved_ops", [])
    symbols = sorted({w for u in unresolved for w in u.get("waits_on", [])})
    unsupported = report.get("unsupported_ops", {})
    return "unresolved %d MACs %s unsupported %s symbols %s" % (
        len(unresolved), report.get("totals", {}).get("macs"),
        ",".join("%s:%d" % kv for kv in sorted(unsupported.items())) or "none",
        " ".join(symbols))


if __name__ == "__main__":
    sys.exit(main())
