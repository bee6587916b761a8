#!/usr/bin/python3
"""Writes a Llama-shaped benchmark model with a KV-cache interface, with random weights.

The model has RMSNorm, rotary positions, SwiGLU and a 32,000-token byte-level BPE vocabulary,
sized like the small end of real decoders. The weights are random (seeded), so its opinions
mean nothing, but it costs what a trained model of that shape costs. The output folder is a
normal Locness model folder:

  model.pt        TorchScript, see KvDecoder.forward
  tokenizer.json  byte-level BPE for Hugging Face `tokenizers`, 32,000 tokens
  config.json     "interface": "kv-cache", contextLimit, labels, and the cache shape the Java side needs

The files are large (0.5 GB at 125m in fp32), so write them into a build directory at
benchmark time and never commit them:

  /usr/bin/python3 models/generate_bench_model.py --params 125m --dtype bf16 --out target/bench/125m-bf16

Attention runs in blocks of QUERY_BLOCK queries (see Layer.forward). Debian's torch 1.13 and
DJL's libtorch 2.7 both load the file.

--dtype int8 applies dynamic quantization to the linear layers (per-call activation scales):
it runs through the same interface, but a cached prefix plus a suffix no longer gives exactly
the full prompt's logits, so use it on full prompts only.
"""

import argparse
import json
import math
import os
import pathlib
import sys
import time
from typing import List, Optional, Tuple

import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import generate_tiny_models as tiny  # noqa: E402  (the byte-level BPE helpers)

VOCAB_SIZE = 32000
LABELS = [" up", " down", " flat"]
ROPE_THETA = 10000.0
# Queries per attention block (see Layer.forward).
QUERY_BLOCK = 256

# layers, model width, heads, SwiGLU hidden width, context limit, weight init std. 125m/350m/1b
# follow the proportions of Llama-style models of those sizes; tiny-test is for fast unit tests
# and has larger weights, so that its label probabilities are far from uniform and precision
# differences show.
SIZES = {
    "tiny-test": dict(layers=2, d_model=64, heads=4, ffn=172, context=2048, init=0.1),
    "125m": dict(layers=12, d_model=768, heads=12, ffn=2048, context=4096, init=0.02),
    "350m": dict(layers=24, d_model=1024, heads=16, ffn=2816, context=4096, init=0.02),
    "1b": dict(layers=16, d_model=2048, heads=32, ffn=5632, context=4096, init=0.02),
}


def build_vocab():
    """The tiny models' byte tokens and whole-word merges (so the labels are one token each),
    then filler merges up to VOCAB_SIZE: letter pairs and triples with and without the leading
    space, so that ordinary English text encodes at a few characters per token, as with a
    trained BPE.
    """
    vocab, merges = tiny.build_bpe()
    space = tiny.BYTE_CHARS[ord(" ")]
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    digits = "0123456789"

    def add(left, right):
        if len(vocab) < VOCAB_SIZE and left + right not in vocab and left in vocab and right in vocab:
            merges.append((left, right))
            vocab[left + right] = len(vocab)

    for c in letters + letters.upper() + digits:
        add(space, c)
    for a in letters:
        for b in letters:
            add(a, b)
            add(space + a, b)
    for a in letters:
        for b in letters:
            for c in letters:
                add(space + a + b, c)
                add(a + b, c)
    for a in digits:
        for b in digits:
            add(a, b)
    assert len(vocab) == VOCAB_SIZE, len(vocab)
    return vocab, merges


class RmsNorm(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        # In float32 whatever the weights' dtype, as Hugging Face's Llama does.
        h = x.float()
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + 1e-6)
        return self.weight * h.to(x.dtype)


def rotate(x, cos, sin):
    """Rotary embedding (half-split layout, like Hugging Face's Llama) in float32."""
    half = x.shape[-1] // 2
    xf = x.float()
    x1 = xf[..., :half]
    x2 = xf[..., half:]
    rotated = torch.cat([-x2, x1], dim=-1)
    return (xf * cos + rotated * sin).to(x.dtype)


class Layer(nn.Module):
    def __init__(self, d_model: int, heads: int, ffn: int):
        super().__init__()
        self.heads = heads
        self.head_dim = d_model // heads
        self.query_block = QUERY_BLOCK
        self.attn_norm = RmsNorm(d_model)
        self.q = nn.Linear(d_model, d_model, bias=False)
        self.k = nn.Linear(d_model, d_model, bias=False)
        self.v = nn.Linear(d_model, d_model, bias=False)
        self.o = nn.Linear(d_model, d_model, bias=False)
        self.mlp_norm = RmsNorm(d_model)
        self.gate = nn.Linear(d_model, ffn, bias=False)
        self.up = nn.Linear(d_model, ffn, bias=False)
        self.down = nn.Linear(ffn, d_model, bias=False)

    def forward(self, x, cos, sin, blocked, past_k, past_v) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        b, t, d = x.shape
        h = self.attn_norm(x)
        q = self.q(h).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(h).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        v = self.v(h).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        # Scaling q rather than the scores saves a pass over them; 1/sqrt(head_dim) is a power
        # of two here (head sizes 16 and 64), so the scores come out the same.
        q = rotate(q, cos, sin) * (1.0 / math.sqrt(self.head_dim))
        k = torch.cat([past_k, rotate(k, cos, sin)], dim=2)
        v = torch.cat([past_v, v], dim=2)
        keys_t = k.transpose(2, 3)
        # Queries in blocks: a block's float32 scores stay in the CPU's cache, where the whole
        # [H, T, P + T] tensor (108 MB a layer at 1,500 tokens) would go through memory, and
        # fresh pages, for each step. Each row's softmax is its own, so the logits are the same.
        blocks: List[torch.Tensor] = []
        for start in range(0, t, self.query_block):
            end = min(start + self.query_block, t)
            scores = torch.matmul(q[:, :, start:end], keys_t).float()
            # float32's lowest value, not -inf: a padding query that may see no key gets a
            # uniform (ignored) row instead of NaN. (torch.finfo is not scriptable in torch 1.13.)
            scores.masked_fill_(blocked[:, :, start:end], -3.4028234663852886e38)
            blocks.append(torch.matmul(scores.softmax(dim=-1).to(v.dtype), v))
        attn = torch.cat(blocks, dim=2)
        x = x + self.o(attn.transpose(1, 2).reshape(b, t, d))
        h = self.mlp_norm(x)
        x = x + self.down(F.silu(self.gate(h)) * self.up(h))
        return x, k, v


class KvDecoder(nn.Module):
    def __init__(self, vocab: int, layers: int, d_model: int, heads: int, ffn: int):
        super().__init__()
        self.head_dim = d_model // heads
        self.rope_theta = ROPE_THETA
        self.embed = nn.Embedding(vocab, d_model)
        self.layers = nn.ModuleList([Layer(d_model, heads, ffn) for _ in range(layers)])
        self.norm = RmsNorm(d_model)
        self.lm_head = nn.Linear(d_model, vocab, bias=False)

    def forward(self, input_ids, past_k, past_v, attention_mask: Optional[torch.Tensor] = None):
        """input_ids long[B, T]; past_k, past_v [L, B, H, P, D] (P may be 0; any float dtype, cast
        to the model's); attention_mask long[B, P + T], 1 for a real token and 0 for padding
        (optional: all ones). Returns (float32 logits [B, V] at the last position,
        present_k, present_v [L, B, H, P + T, D] in the model's dtype).

        Pad on the left: every row's last position is then its last real token. Padding may
        also sit between a cached prefix and a row's tokens. Positions count real tokens only,
        so a padded row gets exactly the logits it gets alone.
        """
        b, t = input_ids.shape
        p = past_k.shape[3]
        x = self.embed(input_ids)
        if attention_mask is None:
            mask = torch.ones(b, p + t, dtype=torch.long, device=input_ids.device)
        else:
            mask = attention_mask.to(torch.long)
        positions = (mask.cumsum(dim=1) - 1).clamp(min=0)[:, p:]
        inv_freq = 1.0 / (self.rope_theta ** (torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim))
        freqs = positions.to(torch.float32)[:, :, None] * inv_freq[None, None, :]
        angles = torch.cat([freqs, freqs], dim=-1)[:, None, :, :]
        cos = angles.cos()
        sin = angles.sin()
        keys = torch.arange(p + t, device=input_ids.device)
        queries = torch.arange(t, device=input_ids.device) + p
        causal = keys[None, :] <= queries[:, None]
        # The keys a query may not see (later tokens, padding), for every layer.
        blocked = ~(causal[None, None, :, :] & (mask[:, None, None, :] > 0))
        past_k = past_k.to(x.dtype)
        past_v = past_v.to(x.dtype)
        present_k: List[torch.Tensor] = []
        present_v: List[torch.Tensor] = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cos, sin, blocked, past_k[i], past_v[i])
            present_k.append(k)
            present_v.append(v)
        last = self.norm(x[:, -1, :])
        logits = self.lm_head(last).float()
        return logits, torch.stack(present_k), torch.stack(present_v)


def build(size, seed, dtype):
    torch.manual_seed(seed)
    model = KvDecoder(VOCAB_SIZE, size["layers"], size["d_model"], size["heads"], size["ffn"])
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "norm" in name:
                continue
            # Small normal weights, as at initialisation of a trained model: activations stay
            # in range over many layers.
            param.normal_(0.0, size["init"])
    model.eval()
    for param in model.parameters():
        param.requires_grad_(False)
    if dtype == "bf16":
        model = model.to(torch.bfloat16)
    elif dtype == "int8":
        engine = "onednn" if "onednn" in torch.backends.quantized.supported_engines else "qnnpack"
        torch.backends.quantized.engine = engine
        model = torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    return model


def check(scripted, eager, size, dtype):
    """The scripted module against eager mode, attention in blocks against one block, and cached
    + suffix against the full prompt, on a prompt of more than one query block."""
    heads, head_dim = size["heads"], size["d_model"] // size["heads"]
    length = QUERY_BLOCK + 12
    ids = torch.randint(0, VOCAB_SIZE, (1, length), generator=torch.Generator().manual_seed(1))
    empty = torch.zeros(size["layers"], 1, heads, 0, head_dim)

    def assert_same(a, b, what):
        if dtype == "fp32":
            assert torch.allclose(a, b, atol=1e-4), what
        else:
            # bf16 keeps ~3 significant digits, and its matmuls round differently by shape.
            assert torch.allclose(a.softmax(-1), b.softmax(-1), atol=1e-3), what

    with torch.no_grad():
        full, _, _ = scripted(ids, empty, empty)
        reference, _, _ = eager(ids, empty, empty)
        assert torch.allclose(full, reference, atol=1e-4), "scripted differs from eager"
        # int8's activation scales are computed per call, so its results depend on the call's
        # shapes: it is only ever scored on full prompts.
        if dtype != "int8":
            for layer in eager.layers:
                layer.query_block = length
            one_block, _, _ = eager(ids, empty, empty)
            assert_same(full, one_block, "attention in blocks differs from one block")
            _, k, v = scripted(ids[:, :length - 4], empty, empty)
            cached, _, _ = scripted(ids[:, length - 4:], k, v)
            assert_same(full, cached, "cached + suffix differs from the full prompt")


def parameter_count(model):
    return sum(t.numel() for t in model.state_dict().values() if isinstance(t, torch.Tensor))


def write_json(path, value):
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", required=True, choices=sorted(SIZES), help="model size")
    parser.add_argument("--dtype", default="fp32", choices=["fp32", "bf16", "int8"], help="weight type")
    parser.add_argument("--seed", type=int, default=125, help="weight seed")
    parser.add_argument("--out", required=True, help="folder to write (created)")
    args = parser.parse_args()

    start = time.monotonic()
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    size = SIZES[args.params]
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    vocab, merges = build_vocab()
    label_ids = {}
    for label in LABELS:
        encoded = tiny.encode(label, vocab, merges)
        assert len(encoded) == 1, (label, encoded)
        label_ids[label] = encoded[0]

    eager = build(size, args.seed, args.dtype)
    params = sum(p.numel() for p in eager.parameters()) if args.dtype != "int8" else None
    scripted = torch.jit.script(eager)
    check(scripted, eager, size, args.dtype)
    scripted.save(str(out / "model.pt"))
    tiny.write_json(out / "tokenizer.json", tiny.tokenizer_json(vocab, merges), indent=None)
    fp32_params = sum(p.numel() for p in build(size, args.seed, "fp32").parameters()) if params is None else params
    write_json(out / "config.json", {
        "interface": "kv-cache",
        "contextLimit": size["context"],
        "labels": LABELS,
        "vocabSize": VOCAB_SIZE,
        "layers": size["layers"],
        "dModel": size["d_model"],
        "heads": size["heads"],
        "headDim": size["d_model"] // size["heads"],
        "ffn": size["ffn"],
        "parameters": fp32_params,
        "dtype": args.dtype,
        "kvCache": True,
        "seed": args.seed,
        "generator": "models/generate_bench_model.py --params " + args.params,
        "torch": torch.__version__,
    })
    file_mb = (out / "model.pt").stat().st_size / 1e6
    print(f"{args.params} {args.dtype}: {fp32_params / 1e6:.1f}M parameters, model.pt {file_mb:.1f} MB, "
          f"labels {label_ids}, {time.monotonic() - start:.1f} s -> {out}")


if __name__ == "__main__":
    main()
