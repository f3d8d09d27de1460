#!/usr/bin/python3
"""Recurrent test fixtures (LSTM, GRU, RNN) as ONNX and TorchScript, weights stripped.

Run with Debian's python (torch 1.13, onnx 1.12):

    /usr/bin/python3 tools/make_recurrent_fixtures.py tests/data/recurrent

Each model is written three times from the same module: NAME.onnx (torch.onnx.export, opset 14,
constant folding, zoo_onnx.strip), NAME.pt (torch.jit.trace under no_grad, zoo_torchscript.save)
and NAME.scripted.pt (torch.jit.script, weights stripped, `_flat_weights` included). The
tests in tests/unit/recurrent_test.cpp hold the hand-computed MACs and FLOPs of each (the formula of
docs/cost-model.md, "Recurrent") and check that the two files give the same report.

Sizes are small on purpose (I=16, H=32, T=10, B=2) so every file stays a few KB. The script prints
sum(p.numel()) and the MACs of the formula computed here in Python, independently of graphstat.
"""

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zoo_onnx  # noqa: E402
import zoo_torchscript  # noqa: E402

I, H, T, B = 16, 32, 10, 2
VOCAB, TAGS = 50, 8


class Recurrent(torch.nn.Module):
    """One recurrent layer stack under the attribute `rnn`, returning its whole-sequence output."""

    def __init__(self, layer):
        super().__init__()
        self.rnn = layer

    def forward(self, x):
        return self.rnn(x)[0]


class Encoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(I, H, batch_first=True)

    def forward(self, x):
        return self.lstm(x)[0]


class Tagger(torch.nn.Module):
    """Embedding + LSTM + Linear: a sequence tagger; the LSTM sits at `encoder.lstm`."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCAB, I)
        self.encoder = Encoder()
        self.head = torch.nn.Linear(H, TAGS)

    def forward(self, tokens):
        return self.head(self.encoder(self.embed(tokens)))


def fixtures():
    seq = torch.randn(T, B, I)
    batch_first = torch.randn(B, T, I)
    return [
        ("lstm", Recurrent(torch.nn.LSTM(I, H)), seq),
        ("lstm_bi2_batch_first",
         Recurrent(torch.nn.LSTM(I, H, num_layers=2, bidirectional=True, batch_first=True)),
         batch_first),
        ("gru2", Recurrent(torch.nn.GRU(I, H, num_layers=2)), seq),
        ("rnn_tanh", Recurrent(torch.nn.RNN(I, H)), seq),
        ("rnn_relu_bi_nobias",
         Recurrent(torch.nn.RNN(I, H, nonlinearity="relu", bidirectional=True, bias=False)), seq),
        ("lstm_tagger", Tagger(), torch.randint(0, VOCAB, (B, T))),
    ]


def formula_macs(model, example):
    """MACs = sum over layers and directions of T*B*G*H*(I_layer + H), docs/cost-model.md."""
    gates = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}
    macs = 0
    for m in model.modules():
        if isinstance(m, torch.nn.RNNBase):
            dirs = 2 if m.bidirectional else 1
            # The tagger's LSTM reads (B, T, I) embeddings of its (B, T) tokens.
            steps, batch = (example.shape[1], example.shape[0]) if m.batch_first else (
                example.shape[0], example.shape[1])
            for layer in range(m.num_layers):
                size_in = m.input_size if layer == 0 else m.hidden_size * dirs
                macs += dirs * steps * batch * gates[m.mode] * m.hidden_size * (
                    size_in + m.hidden_size)
        elif isinstance(m, torch.nn.Linear):
            macs += B * T * m.in_features * m.out_features
    return macs


def main(argv):
    out_dir = argv[1] if len(argv) > 1 else "tests/data/recurrent"
    os.makedirs(out_dir, exist_ok=True)
    for name, model, example in fixtures():
        torch.manual_seed(0)
        model = zoo_onnx.randomize(model.eval())
        onnx_path = os.path.join(out_dir, name + ".onnx")
        zoo_onnx.export(model, example, onnx_path, opset=14, variant="folded",
                        dynamic_batch=False)
        zoo_onnx.strip(onnx_path)
        pt_path = os.path.join(out_dir, name + ".pt")
        zoo_torchscript.save(model, (example,), pt_path, strip=True)
        # Scripted too: the graph then calls aten::lstm/gru/rnn_* on the module's `_flat_weights`
        # list attribute (and branches on prim::If) instead of the traced parameter reads.
        scripted = torch.jit.script(model)
        zoo_torchscript.strip_weights(scripted, eager=model)
        scripted.save(os.path.join(out_dir, name + ".scripted.pt"))
        params = sum(p.numel() for p in model.parameters())
        print("%-24s onnx %6d B  pt %6d B  input %-12s params %d  MACs %d" % (
            name, os.path.getsize(onnx_path), os.path.getsize(pt_path),
            "x".join(map(str, example.shape)), params, formula_macs(model, example)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
