#!/usr/bin/python3
"""Writes Locness's tiny demo/fixture language models into this folder.

Each model is a small GPT-style causal LM, compiled with torch.jit.script so that
DJL's PyTorch engine can run it without Python. Its folder holds:

  model.pt        TorchScript module: forward(input_ids long[1, T]) -> logits float[1, T, V]
  tokenizer.json  GPT-2-style byte-level BPE for Hugging Face `tokenizers`
  config.json     what the Java loader needs (context limit, label candidates) plus provenance
  reference.json  a fixed prompt, its token ids and this script's last-position logits

Everything is deterministic (fixed seeds, one thread, pinned hash seed), so running it again
rewrites byte-identical files.

Run from anywhere:  /usr/bin/python3 models/generate_tiny_models.py
"""

import json
import math
import os
import pathlib
import re
import sys

import torch
from torch import nn
from torch.nn import functional as F

OUT = pathlib.Path(__file__).resolve().parent

# Names follow the seed's ensemble with a -tiny suffix; seeds differ so the models disagree.
MODELS = {
    "gemma-7b-tiny": 7001,
    "mistral-7b-tiny": 7002,
    "gemma-4b-tiny": 4001,
    "qwen-7b-tiny": 7003,
    "gemma-2b-tiny": 2001,
    "phi-3-mini-tiny": 3001,
}

CONTEXT_LIMIT = 512
LAYERS = 2
D_MODEL = 64
HEADS = 4
LABELS = [" up", " down", " flat"]

# Whole words (with their leading space) that become single tokens. The labels must be
# among them; the rest are frequent words of Locness prompts, to keep prompts short.
WORDS = [" up", " down", " flat", " trend", " vol", " high", " low", " gap", " none",
         " the", " next", " is"]

REFERENCE_PROMPT = ("Symbol BTC. Signature trend=up|vol=high|volume=spike|gap=none. "
                    "History for this signature: 12 cases, up 58%, down 25%, flat 17%. "
                    "Last close 64210.5, return 1.2%, the trend is up. Next move:")


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters (space becomes 'Ġ')."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


BYTE_CHARS = bytes_to_unicode()


def to_symbols(text):
    return [BYTE_CHARS[b] for b in text.encode("utf-8")]


def build_bpe():
    """Vocab = the 256 byte tokens (id = byte value) + one token per merge, in merge order.

    Every merge extends a word from its leading 'Ġ', so the only merges that can apply
    to a pre-token are the prefixes of one listed word: each listed word is one token.
    """
    vocab = {BYTE_CHARS[b]: b for b in range(256)}
    merges = []
    for word in WORDS:
        symbols = to_symbols(word)
        prefix = symbols[0]
        for sym in symbols[1:]:
            merged = prefix + sym
            if merged not in vocab:
                merges.append((prefix, sym))
                vocab[merged] = len(vocab)
            prefix = merged
    return vocab, merges


# GPT-2's pre-tokenization pattern with \p{L} / \p{N} narrowed to ASCII (the stdlib `re`
# has no Unicode classes); it agrees with the real pattern on the ASCII reference prompt.
PRE_TOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def encode(text, vocab, merges):
    """Reference BPE encoder, used to write reference.json and check the labels."""
    if not text.isascii():
        raise ValueError("the reference encoder handles ASCII only")
    ranks = {pair: i for i, pair in enumerate(merges)}
    ids = []
    for piece in PRE_TOKENIZE.findall(text):
        symbols = to_symbols(piece)
        while len(symbols) > 1:
            pairs = [(ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(symbols, symbols[1:]))]
            rank, i = min(pairs)
            if rank == math.inf:
                break
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        ids.extend(vocab[s] for s in symbols)
    return ids


def tokenizer_json(vocab, merges):
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        # ByteLevel post-processing only fixes offsets: no BOS/EOS or other special tokens.
        "post_processor": dict(byte_level, trim_offsets=False),
        "decoder": byte_level,
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.up = nn.Linear(d, 4 * d)
        self.down = nn.Linear(4 * d, d)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q = q.view(b, t, self.heads, hd).transpose(1, 2)
        k = k.view(b, t, self.heads, hd).transpose(1, 2)
        v = v.view(b, t, self.heads, hd).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        # Built per call rather than stored: a 512x512 buffer would triple the file size.
        causal = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.down(F.gelu(self.up(self.ln2(x))))


class TinyGpt(nn.Module):
    def __init__(self, vocab_size, d, heads, layers, limit):
        super().__init__()
        self.wte = nn.Embedding(vocab_size, d)
        self.wpe = nn.Embedding(limit, d)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab_size, bias=False)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.size(1), device=input_ids.device).unsqueeze(0)
        x = self.wte(input_ids) + self.wpe(positions)
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))


def build_model(seed, vocab_size):
    torch.manual_seed(seed)
    model = TinyGpt(vocab_size, D_MODEL, HEADS, LAYERS, CONTEXT_LIMIT)
    # An untrained GPT at the usual 0.02 init gives every label ~1/3; a wider output
    # head makes the demo models hold (different) opinions.
    nn.init.normal_(model.head.weight, std=0.3)
    return model.eval()


def write_json(path, value, indent=1):
    path.write_text(json.dumps(value, indent=indent, ensure_ascii=False) + "\n", encoding="utf-8")


def main():
    # TorchScript writes some class constants in set order, which follows string hashing:
    # a fixed hash seed makes model.pt byte-identical from run to run.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    torch.set_num_threads(1)
    vocab, merges = build_bpe()
    for label in LABELS:
        assert len(encode(label, vocab, merges)) == 1, label
    prompt_ids = encode(REFERENCE_PROMPT, vocab, merges)
    label_ids = {label: encode(label, vocab, merges)[0] for label in LABELS}
    tokenizer = tokenizer_json(vocab, merges)

    for name, seed in MODELS.items():
        folder = OUT / name
        folder.mkdir(exist_ok=True)
        model = build_model(seed, len(vocab))
        scripted = torch.jit.script(model)
        ids = torch.tensor([prompt_ids], dtype=torch.long)
        with torch.no_grad():
            eager = model(ids)
            logits = scripted(ids)
        assert torch.allclose(eager, logits, atol=1e-6), name
        scripted.save(str(folder / "model.pt"))

        last = logits[0, -1]
        label_logits = torch.stack([last[label_ids[label]] for label in LABELS])
        probs = label_logits.softmax(dim=0)
        write_json(folder / "tokenizer.json", tokenizer, indent=None)
        write_json(folder / "config.json", {
            "contextLimit": CONTEXT_LIMIT,
            "labels": LABELS,
            "vocabSize": len(vocab),
            "layers": LAYERS,
            "dModel": D_MODEL,
            "heads": HEADS,
            "seed": seed,
            "generator": "models/generate_tiny_models.py",
            "torch": torch.__version__,
        })
        write_json(folder / "reference.json", indent=None, value={
            "prompt": REFERENCE_PROMPT,
            "ids": prompt_ids,
            "labelIds": label_ids,
            "labelProbabilities": {label: float(p) for label, p in zip(LABELS, probs)},
            "lastPositionLogits": [float(v) for v in last],
        })
        size = (folder / "model.pt").stat().st_size
        print(f"{name}: {size / 1024:.0f} KiB, {len(prompt_ids)} prompt tokens, "
              + ", ".join(f"{label.strip()}={float(p):.3f}" for label, p in zip(LABELS, probs)))


if __name__ == "__main__":
    main()
