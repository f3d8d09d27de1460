"""Language-model-shaped networks written in a few lines of torch, for graphstat's sweeps and test
fixtures (tools/sweep_families.py, tools/export_sequence_fixtures.py). Debian's torch 1.13.

Every model is written so torch.jit.script accepts it (type annotations, no Python-only constructs),
takes static-shaped inputs and returns one tensor. Sizes are constructor arguments: the sweep uses
GPT-2-small-like sizes, the fixtures tiny ones (d_model 32, 2 blocks, seq 8, vocab 100).

  gpt2         token + position embedding, nn.ModuleList of pre-norm blocks (causal self-attention
               written by hand with Linear layers, LayerNorm, GELU MLP), final LayerNorm, LM head
               tied to the token embedding.
  bert         word + position + token-type embeddings, LayerNorm, nn.TransformerEncoder, pooler
               (Linear + tanh on the first token).
  llama        one Llama block: hand-written RMSNorm, rotary position embedding computed in forward
               from positions, attention, SwiGLU MLP (gate, up, down projections without bias).
  transformer  nn.Transformer (encoder-decoder) on two inputs.
  lstm/gru/rnn nn.LSTM / nn.GRU / nn.RNN, returning the output sequence.
"""

import math
from typing import List

import torch
from torch import nn


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model: int, n_head: int, seq: int):
        super().__init__()
        self.n_head = n_head
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        # A bool buffer: not a parameter in either format (ONNX counts float initializers only).
        self.register_buffer("causal", torch.ones(seq, seq, dtype=torch.bool).tril(), False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.size(0), x.size(1), x.size(2)
        hd = c // self.n_head
        q, k, v = self.qkv(x).split(c, dim=2)
        q = q.view(b, t, self.n_head, hd).transpose(1, 2)
        k = k.view(b, t, self.n_head, hd).transpose(1, 2)
        v = v.view(b, t, self.n_head, hd).transpose(1, 2)
        att = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        att = att.masked_fill(~self.causal[:t, :t], float("-inf"))
        att = torch.softmax(att, dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).contiguous().view(b, t, c)
        return self.proj(y)


class GPT2Block(nn.Module):
    def __init__(self, d_model: int, n_head: int, seq: int):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model)
        self.attn = CausalSelfAttention(d_model, n_head, seq)
        self.ln_2 = nn.LayerNorm(d_model)
        self.fc = nn.Linear(d_model, 4 * d_model)
        self.act = nn.GELU()
        self.fc_proj = nn.Linear(4 * d_model, d_model)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))
        return x + self.fc_proj(self.act(self.fc(self.ln_2(x))))


class GPT2(nn.Module):
    def __init__(self, vocab=100, seq=8, d_model=32, n_head=4, n_layer=2):
        super().__init__()
        self.wte = nn.Embedding(vocab, d_model)
        self.wpe = nn.Embedding(seq, d_model)
        self.h = nn.ModuleList([GPT2Block(d_model, n_head, seq) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(d_model)
        self.lm_head = nn.Linear(d_model, vocab, bias=False)
        self.lm_head.weight = self.wte.weight  # tied

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(0, idx.size(1), dtype=torch.long, device=idx.device)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.h:
            x = block(x)
        return self.lm_head(self.ln_f(x))


class BERT(nn.Module):
    def __init__(self, vocab=100, seq=8, d_model=32, n_head=4, n_layer=2, d_ff=None):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, d_model)
        self.position_embeddings = nn.Embedding(seq, d_model)
        self.token_type_embeddings = nn.Embedding(2, d_model)
        self.ln = nn.LayerNorm(d_model)
        layer = nn.TransformerEncoderLayer(d_model, n_head, d_ff or 4 * d_model,
                                           activation="gelu", batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, n_layer, enable_nested_tensor=False)
        self.pooler = nn.Linear(d_model, d_model)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(0, idx.size(1), dtype=torch.long, device=idx.device)
        types = torch.zeros_like(idx)
        x = self.word_embeddings(idx) + self.position_embeddings(pos)
        x = self.ln(x + self.token_type_embeddings(types))
        x = self.encoder(x)
        return torch.tanh(self.pooler(x[:, 0]))


class RMSNorm(nn.Module):
    def __init__(self, d: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.size(-1) // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self, d_model: int, n_head: int):
        super().__init__()
        self.n_head = n_head
        self.q_proj = nn.Linear(d_model, d_model, bias=False)
        self.k_proj = nn.Linear(d_model, d_model, bias=False)
        self.v_proj = nn.Linear(d_model, d_model, bias=False)
        self.o_proj = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.size(0), x.size(1), x.size(2)
        hd = c // self.n_head
        q = self.q_proj(x).view(b, t, self.n_head, hd).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.n_head, hd).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.n_head, hd).transpose(1, 2)
        # Rotary embedding from the positions: no buffer, so no float constant to count.
        inv_freq = 1.0 / torch.pow(10000.0, torch.arange(0, hd, 2, dtype=torch.float32) / hd)
        freqs = torch.arange(0, t, dtype=torch.float32).unsqueeze(1) * inv_freq.unsqueeze(0)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos(), emb.sin()
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        att = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        mask = torch.ones(t, t, dtype=torch.bool).tril()
        att = torch.softmax(att.masked_fill(~mask, float("-inf")), dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).contiguous().view(b, t, c)
        return self.o_proj(y)


class SwiGLU(nn.Module):
    def __init__(self, d_model: int, d_ff: int):
        super().__init__()
        self.gate_proj = nn.Linear(d_model, d_ff, bias=False)
        self.up_proj = nn.Linear(d_model, d_ff, bias=False)
        self.down_proj = nn.Linear(d_ff, d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaBlock(nn.Module):
    def __init__(self, d_model=32, n_head=4, d_ff=64):
        super().__init__()
        self.input_layernorm = RMSNorm(d_model)
        self.self_attn = LlamaAttention(d_model, n_head)
        self.post_attention_layernorm = RMSNorm(d_model)
        self.mlp = SwiGLU(d_model, d_ff)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.self_attn(self.input_layernorm(x))
        return x + self.mlp(self.post_attention_layernorm(x))


class Transformer(nn.Module):
    def __init__(self, d_model=32, n_head=4, layers=2, d_ff=64):
        super().__init__()
        self.transformer = nn.Transformer(d_model, n_head, layers, layers, d_ff, batch_first=True)

    def forward(self, src: torch.Tensor, tgt: torch.Tensor) -> torch.Tensor:
        return self.transformer(src, tgt)


class Recurrent(nn.Module):
    def __init__(self, kind: str, input_size=16, hidden=32, layers=1, bidirectional=False,
                 batch_first=False):
        super().__init__()
        cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind]
        self.rnn = cls(input_size, hidden, layers, bidirectional=bidirectional,
                       batch_first=batch_first)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.rnn(x)[0]


def _recurrent(kind, layers, bidirectional, batch_first, seq, batch=1, input_size=16):
    shape = (batch, seq, input_size) if batch_first else (seq, batch, input_size)
    return (lambda: Recurrent(kind, input_size, 32, layers, bidirectional, batch_first),
            [("x", shape, torch.float32)])


def _tokens(seq):
    return [("idx", (1, seq), torch.long)]


# name -> (constructor, [(input name, shape, dtype)]). Sweep sizes: realistic head and block
# shapes (hd 64), few blocks and a small vocabulary, so exports stay quick on a 2-core machine.
SWEEP = {
    "gpt2": (lambda: GPT2(vocab=8000, seq=128, d_model=512, n_head=8, n_layer=4), _tokens(128)),
    "bert": (lambda: BERT(vocab=8000, seq=128, d_model=512, n_head=8, n_layer=4), _tokens(128)),
    "llama_block": (lambda: LlamaBlock(d_model=512, n_head=8, d_ff=1376),
                    [("x", (1, 64, 512), torch.float32)]),
    "transformer": (lambda: Transformer(d_model=128, n_head=4, layers=2, d_ff=256),
                    [("src", (1, 16, 128), torch.float32), ("tgt", (1, 12, 128), torch.float32)]),
}
for _kind in ("lstm", "gru", "rnn"):
    SWEEP[_kind] = _recurrent(_kind, 1, False, False, 10)
    SWEEP[_kind + "_bi2_bf"] = _recurrent(_kind, 2, True, True, 10)

# Test fixtures: d_model 32, 2 blocks, seq 8, vocab 100.
FIXTURES = {
    "gpt2_tiny": (lambda: GPT2(vocab=100, seq=8, d_model=32, n_head=4, n_layer=2), _tokens(8)),
    "bert_tiny": (lambda: BERT(vocab=100, seq=8, d_model=32, n_head=4, n_layer=2, d_ff=64),
                  _tokens(8)),
    "llama_block_tiny": (lambda: LlamaBlock(d_model=32, n_head=4, d_ff=64),
                         [("x", (1, 8, 32), torch.float32)]),
    "transformer_tiny": (lambda: Transformer(d_model=32, n_head=4, layers=2, d_ff=64),
                         [("src", (1, 8, 32), torch.float32), ("tgt", (1, 8, 32), torch.float32)]),
}


def example_inputs(spec: List) -> tuple:
    g = torch.Generator().manual_seed(0)
    out = []
    for _, shape, dtype in spec:
        if dtype == torch.long:
            out.append(torch.randint(0, 2, shape, generator=g))
        else:
            out.append(torch.randn(shape, generator=g))
    return tuple(out)
