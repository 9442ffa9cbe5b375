"""The PyTorch twin of examples/_gpt/model.ts: a character-level GPT in the
shape of Karpathy's nanoGPT (token and position embeddings, pre-LayerNorm
blocks of causal self-attention and a GELU MLP, a head tied to the token
embedding), with the same module names, so that the state dicts have the same
keys and a model saved by either side loads into the other with strict=True.

The causal mask is a non-persistent buffer (left out of the state dict, as
nabla's model has none); with PyTorch 2 the attention runs through
F.scaled_dot_product_attention(is_causal=True) instead, as nanoGPT does.

Used by tests/fixtures/make_gpt_fixtures.py and bench/gpt_bench.py. Run as a
script to check a file written by `deno task gpt --save FILE`:

    /usr/bin/python3 examples/_gpt/model.py FILE [--config JSON]

which loads it with strict=True and prints the logits of the fixed prompt
[0, 1, ..., 7] at its last position; `deno task gpt` prints the same numbers
after saving.
"""

import json
import math
import struct
import sys
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class GPTConfig:
    block_size: int = 64
    vocab_size: int = 98
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0
    bias: bool = True


class LayerNormWithoutBias(nn.Module):
    """LayerNorm without bias (PyTorch 1.13's nn.LayerNorm has no bias=False)."""

    def __init__(self, ndim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, None, 1e-5)


def LayerNorm(ndim, bias):
    """nn.LayerNorm (as nabla's LayerNorm prints), or one without bias."""
    return nn.LayerNorm(ndim) if bias else LayerNormWithoutBias(ndim)


class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.attn_dropout = nn.Dropout(config.dropout)
        self.resid_dropout = nn.Dropout(config.dropout)
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        self.dropout = config.dropout
        self.flash = hasattr(F, "scaled_dot_product_attention")
        if not self.flash:
            T = config.block_size
            mask = torch.tril(torch.ones(T, T)).view(1, 1, T, T)
            self.register_buffer("bias", mask, persistent=False)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        if self.flash:
            y = F.scaled_dot_product_attention(
                q, k, v, dropout_p=self.dropout if self.training else 0, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
            att = self.attn_dropout(F.softmax(att, dim=-1))
            y = att @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            drop=nn.Dropout(config.dropout),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=LayerNorm(config.n_embd, bias=config.bias),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # weight tying
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        b, t = idx.size()
        assert t <= self.config.block_size
        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)
        x = self.transformer.drop(self.transformer.wte(idx) + self.transformer.wpe(pos))
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        if targets is None:
            return self.lm_head(x[:, [-1], :]), None
        logits = self.lm_head(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        params = [p for p in self.parameters() if p.requires_grad]  # the tied weight once
        groups = [
            {"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
            {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
        ]
        return torch.optim.AdamW(groups, lr=learning_rate, betas=betas)


# ---------------------------------------------------------------- safetensors (standard library)

DTYPES = {"F32": (torch.float32, "f", 4), "F64": (torch.float64, "d", 8)}


def write_safetensors(path, tensors, metadata):
    """F32 tensors by name in code point order, the reference writer's layout."""
    header = {"__metadata__": dict(sorted(metadata.items()))}
    blobs, offset = [], 0
    for name in sorted(tensors):
        values = tensors[name].detach().to(torch.float32).flatten().tolist()
        blob = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    data = struct.pack("<Q", len(text)) + text + b"".join(blobs)
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def read_safetensors(path):
    """The tensors (F32 or F64) and metadata of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        dtype, code, size = DTYPES[info["dtype"]]
        start, end = info["data_offsets"]
        blob = data[8 + n + start:8 + n + end]
        values = struct.unpack(f"<{(end - start) // size}{code}", blob)
        tensors[name] = torch.tensor(values, dtype=dtype).reshape(info["shape"])
    return tensors, metadata


def config_from_metadata(metadata):
    """The GPTConfig saved by `deno task gpt --save` in the file's metadata."""
    c = json.loads(metadata["config"])
    return GPTConfig(block_size=c["blockSize"], vocab_size=c["vocabSize"], n_layer=c["nLayer"],
                     n_head=c["nHead"], n_embd=c["nEmbd"], dropout=c["dropout"], bias=c["bias"])


def main(argv):
    if len(argv) != 1:
        print(__doc__)
        return 2
    tensors, metadata = read_safetensors(argv[0])
    config = config_from_metadata(metadata)
    model = GPT(config)
    model.load_state_dict(tensors, strict=True)
    model.eval()
    prompt = torch.arange(0, min(8, config.block_size)).remainder(config.vocab_size).view(1, -1)
    with torch.no_grad():
        logits, _ = model(prompt)
    print(f"loaded {argv[0]} with strict=True: {len(tensors)} tensors, config {config}")
    print("logits of the prompt [0..7], first 8 values:",
          " ".join(f"{v:.6f}" for v in logits[0, -1, :8].tolist()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
