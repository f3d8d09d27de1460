#!/usr/bin/python3
"""Writes tests/data/torchscript/frozen_backbone.pt: a traced two-layer net whose backbone is
frozen (requires_grad False), for the trainable / frozen columns (cli_columns_test).

    /usr/bin/python3 tools/make_trainability_fixture.py

backbone = Linear(4, 8): 4*8 + 8 = 40 frozen parameters; head = Linear(8, 2): 8*2 + 2 = 18
trainable. A few KB; the weights are zeros (only their shapes and flags matter).
"""
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "torchscript",
                   "frozen_backbone.pt")


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = torch.nn.Linear(4, 8)
        self.head = torch.nn.Linear(8, 2)

    def forward(self, x):
        return self.head(torch.relu(self.backbone(x)))


if __name__ == "__main__":
    net = Net().eval()
    with torch.no_grad():
        for p in net.parameters():
            p.zero_()
    net.backbone.requires_grad_(False)
    torch.jit.trace(net, torch.zeros(1, 4)).save(OUT)
