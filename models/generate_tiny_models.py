#!/usr/bin/python3
"""Trains Locness's six tiny demo models and writes them into this folder.

Each model is a small GPT-style causal LM with learned positions, trained in eager mode and
exported, same weights, through a scripted wrapper with the KV-cache interface of the inference
node's KvCacheModel, so that DJL's PyTorch engine runs it without Python and a day's shared prompt
prefix is computed once per model. Its folder holds:

  model.pt        TorchScript module (KvTinyGpt): forward(input_ids long[B, T], past_k [L, B, H, P, D],
                  past_v, attention_mask long[B, P + T] = all ones) -> (logits float[B, V] at the last
                  position, present_k, present_v [L, B, H, P + T, D]); rows padded on the left
  tokenizer.json  GPT-2-style byte-level BPE for Hugging Face `tokenizers`
  config.json     "interface": "kv-cache", what the Java loader needs (context limit, label candidates,
                  cache shape: layers, heads, dModel) plus provenance
  reference.json  a fixed prompt, its token ids, where its shared prefix ends, two more jobs of its
                  day, and this script's last-position logits for the full prompt

One model (PLAIN_FIXTURE_MODEL) is also written as the plain module forward(input_ids long[1, T])
-> logits float[1, T, V] into inference-node's test resources (models/plain-tiny), the fixture
of TorchScriptModel, which serves exports without a cache.

The models learn the synthetic market's next-day rule (lake NextDayRule) from prompts that the
Java prompt builder rendered (`locness export-prompts`), each on its own slice of the market
states (MODELS below), so that each is good somewhere and none everywhere. The loss is the
cross-entropy of the label among the three label tokens' logits at the last position.

Everything is deterministic (fixed seeds, one thread, pinned hash seed), so running it again on
the same prompt files rewrites byte-identical files. Run from anywhere:

  /usr/bin/python3 models/generate_tiny_models.py --tokenizer-only     # tokenizer.json, before exporting
  java -Dai.djl.offline=true -Dlocness.home=$PWD -jar cli/target/locness.jar export-prompts \
      --seed 1001 --days 120 --symbols 40 --out models/training/prompts-seed1001.jsonl
  java -Dai.djl.offline=true -Dlocness.home=$PWD -jar cli/target/locness.jar export-prompts \
      --seed 2002 --days 48 --symbols 20 --out models/training/prompts-seed2002.jsonl
  /usr/bin/python3 models/generate_tiny_models.py                      # trains on those two files
"""

import argparse
import json
import math
import os
import pathlib
import random
import re
import sys
import time
from typing import List, Optional, Tuple

import torch
from torch import nn
from torch.nn import functional as F

OUT = pathlib.Path(__file__).resolve().parent

# Names follow the seed's ensemble with a -tiny suffix. Each model learns from one slice of the
# training prompts, chosen by the prompt's volatility regime (the signature's vol=) and a share of
# the symbol-days: two know calm markets (all of them, or 60 %), two stressed ones, one the normal
# regime, and one is a weak generalist that saw a few examples of everything.
# (seed of the initial weights, data order and slice; regimes; share of the slice; training steps of
# 8 prompts). Stressed days are learnt more slowly than calm ones, so their experts get more steps.
MODELS = {
    "gemma-7b-tiny": (7001, ("low",), 1.0, 400),
    "mistral-7b-tiny": (7002, ("low",), 0.6, 400),
    "gemma-4b-tiny": (4001, ("mid",), 1.0, 250),
    "qwen-7b-tiny": (7001, ("high",), 1.0, 600),
    "gemma-2b-tiny": (2001, ("low", "mid", "high"), 0.08, 120),
    "phi-3-mini-tiny": (3001, ("high",), 0.6, 600),
}
TRAINING_SEED = 1001
HELDOUT_SEED = 2002
TRAINING_FILE = OUT / "training" / f"prompts-seed{TRAINING_SEED}.jsonl"
HELDOUT_FILE = OUT / "training" / f"prompts-seed{HELDOUT_SEED}.jsonl"
# The first line of a demo prompt about the job itself (config/ensemble-demo.yaml): the lines
# before it are the day's shared part, which the inference node caches per model.
JOB_LINE = "\nReport for "
# The model also exported as the plain module forward(ids) -> logits[1, T, V], for TorchScriptModel's tests.
PLAIN_FIXTURE_MODEL = "gemma-7b-tiny"
PLAIN_FIXTURE = OUT.parent / "inference-node" / "src" / "test" / "resources" / "models" / "plain-tiny"
BATCH = 8
LEARNING_RATE = 3e-3
REGIMES = ("low", "mid", "high")

CONTEXT_LIMIT = 512
LAYERS = 2
D_MODEL = 64
HEADS = 4
LABELS = [" up", " down", " flat"]

# Whole words (with their leading space) that become single tokens. The labels must be among them
# and come first; the rest are the frequent words of the demo's prompt template (config/ensemble-demo.yaml:
# the day's shared lines, then the job's own), its placeholders' texts and its question, plus the signs
# before numbers, so a prompt takes fewer tokens (training time grows with its square).
WORDS = [" up", " down", " flat", " trend", " the", " next", " is", " report", " for", " day", " return", " last",
         " close", " hour", " volatility", " range", " VWAP", " volume", " of", " hourly", " mean", " bars",
         " context", " market", " breadth", " dispersion", " state", " calls", " in", " this", " earlier", " cases",
         " no", " available", " to", " fit", " over", " trading", " will", " go", " or", " stay", " move",
         " smaller", " than", " daily", " Answer", " confidence", " each", " below", " one", " symbol", " answer",
         " and", " SYM", " x", " z", " -", " +", " ("]
# Words and marks with no leading space: line starts, the signature's values (after "=" or "|"),
# words after a hyphen or a bracket, and punctuation pairs. They are merged after every spaced
# word, so a spaced word's first merge always wins: " up" stays one token next to a bare "up".
BARE_WORDS = ["Daily", "Market", "Earlier", "Report", "Its", "Question", "up", "down", "flat", "vol", "volume",
              "normal", "spike", "gap", "none", "low", "mid", "high", "hour", "day", "min", "score", "stale",
              "omitted", "'s", "%,", ")?"]
# Two-digit groups: the prompt's numbers take about half as many tokens.
DIGIT_PAIRS = [f"{a}{b}" for a in range(10) for b in range(10)]

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

    Every merge extends a listed word from its first character, so the only merges that can
    apply to a pre-token are the prefixes of listed words: each listed word is one token, and
    the spaced words (labels first) win over the bare ones, whose merges rank after theirs.
    """
    vocab = {BYTE_CHARS[b]: b for b in range(256)}
    merges = []
    for word in WORDS + BARE_WORDS + DIGIT_PAIRS:
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
        # Scaling q rather than the T x T scores: the same product, a T-times smaller division.
        att = (q * (1.0 / math.sqrt(hd))) @ k.transpose(-2, -1)
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




class KvBlock(nn.Module):
    """A trained Block's weights behind the KV-cache interface: attends over the cached keys too."""

    def __init__(self, block: Block):
        super().__init__()
        self.heads = block.heads
        self.ln1 = block.ln1
        self.qkv = block.qkv
        self.proj = block.proj
        self.ln2 = block.ln2
        self.up = block.up
        self.down = block.down

    def forward(self, x: torch.Tensor, allowed: torch.Tensor, past_k: torch.Tensor,
                past_v: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q = q.view(b, t, self.heads, hd).transpose(1, 2)
        k = torch.cat([past_k, k.view(b, t, self.heads, hd).transpose(1, 2)], dim=2)
        v = torch.cat([past_v, v.view(b, t, self.heads, hd).transpose(1, 2)], dim=2)
        att = (q * (1.0 / math.sqrt(hd))) @ k.transpose(-2, -1)
        # float32's lowest value, not -inf: a padding query that may see no key gets a uniform
        # (ignored) row instead of NaN; for real queries exp() of it is 0, as of -inf.
        att = att.masked_fill(~allowed, -3.4028234663852886e38).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.down(F.gelu(self.up(self.ln2(x)))), k, v


class KvTinyGpt(nn.Module):
    """A trained TinyGpt (same weights) with the interface of KvCacheModel (inference-node).

    forward(input_ids long[B, T], past_k [L, B, H, P, D], past_v, attention_mask long[B, P + T]
    = all ones) -> (logits float[B, V] at the last position, present_k, present_v [L, B, H, P + T, D]).
    Rows are padded on the left; positions count real tokens only, so a padded row, or a row
    after a cached prefix, gets the logits the plain model gives the whole prompt alone.
    """

    def __init__(self, model: TinyGpt):
        super().__init__()
        self.wte = model.wte
        self.wpe = model.wpe
        self.blocks = nn.ModuleList([KvBlock(block) for block in model.blocks])
        self.ln_f = model.ln_f
        self.head = model.head

    def forward(self, input_ids: torch.Tensor, past_k: torch.Tensor, past_v: torch.Tensor,
                attention_mask: Optional[torch.Tensor] = None) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        b, t = input_ids.shape
        p = past_k.shape[3]
        if attention_mask is None:
            mask = torch.ones(b, p + t, dtype=torch.long, device=input_ids.device)
        else:
            mask = attention_mask.to(torch.long)
        positions = (mask.cumsum(dim=1) - 1).clamp(min=0)[:, p:]
        x = self.wte(input_ids) + self.wpe(positions)
        keys = torch.arange(p + t, device=input_ids.device)
        queries = torch.arange(t, device=input_ids.device) + p
        causal = keys[None, :] <= queries[:, None]
        allowed = causal[None, None, :, :] & (mask[:, None, None, :] > 0)
        past_k = past_k.to(x.dtype)
        past_v = past_v.to(x.dtype)
        present_k: List[torch.Tensor] = []
        present_v: List[torch.Tensor] = []
        for i, block in enumerate(self.blocks):
            x, k, v = block(x, allowed, past_k[i], past_v[i])
            present_k.append(k)
            present_v.append(v)
        return self.head(self.ln_f(x[:, -1, :])), torch.stack(present_k), torch.stack(present_v)


def write_json(path, value, indent=1):
    path.write_text(json.dumps(value, indent=indent, ensure_ascii=False) + "\n", encoding="utf-8")


def build_model(seed, vocab_size):
    torch.manual_seed(seed)
    return TinyGpt(vocab_size, D_MODEL, HEADS, LAYERS, CONTEXT_LIMIT)


def last_position_logits(model, ids, lengths):
    """The module's logits at each row's last real token, [B, V], computing the last block only there.

    Rows are padded on the right; causal attention keeps the padding out of every real position.
    The last block's other positions feed nothing, so only its keys and values are needed in full:
    the same numbers as model(ids)[row, length - 1], at a fraction of the cost.
    """
    positions = torch.arange(ids.size(1)).unsqueeze(0)
    x = model.wte(ids) + model.wpe(positions)
    for block in model.blocks[:-1]:
        x = block(x)
    block = model.blocks[-1]
    b, t, d = x.shape
    hd = d // block.heads
    rows = torch.arange(b)
    last = lengths - 1
    q, k, v = block.qkv(block.ln1(x)).split(d, dim=2)
    q = q[rows, last].view(b, 1, block.heads, hd).transpose(1, 2)
    k = k.view(b, t, block.heads, hd).transpose(1, 2)
    v = v.view(b, t, block.heads, hd).transpose(1, 2)
    att = (q * (1.0 / math.sqrt(hd))) @ k.transpose(-2, -1)
    visible = torch.arange(t).unsqueeze(0) <= last.unsqueeze(1)
    att = att.masked_fill(~visible[:, None, None, :], float("-inf")).softmax(dim=-1)
    y = (att @ v).transpose(1, 2).reshape(b, d)
    h = x[rows, last] + block.proj(y)
    h = h + block.down(F.gelu(block.up(block.ln2(h))))
    return model.head(model.ln_f(h))


def load_examples(path, vocab, merges):
    examples = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            ids = encode(row["prompt"], vocab, merges)
            assert len(ids) <= CONTEXT_LIMIT, (row["symbol"], row["date"], len(ids))
            # The node encodes the shared prefix and the job's own part apart (KvCacheModel refuses
            # a part whose first tokens would merge with the prefix's last).
            prefix = encode(shared_prefix(row["prompt"]), vocab, merges)
            assert ids[:len(prefix)] == prefix and ids[len(prefix):] == encode(
                row["prompt"][len(shared_prefix(row["prompt"])):], vocab, merges), (row["symbol"], row["date"])
            row["sharedTokens"] = len(prefix)
            row["ids"] = ids
            row["vol"] = re.search(r"vol=(\w+)", row["signature"]).group(1)
            row["target"] = [label.strip() for label in LABELS].index(row["label"])
            examples.append(row)
    return examples


def batches(rows, rng):
    order = rows[:]
    rng.shuffle(order)
    for i in range(0, len(order), BATCH):
        yield order[i:i + BATCH]


def tensors(rows):
    lengths = torch.tensor([len(r["ids"]) for r in rows])
    ids = torch.zeros(len(rows), int(lengths.max()), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r["ids"])] = torch.tensor(r["ids"])
    return ids, lengths, torch.tensor([r["target"] for r in rows])


def slice_of(examples, regimes, share, seed):
    rng = random.Random(seed)
    return [e for e in examples if e["vol"] in regimes and rng.random() < share]


def train(model, rows, steps, seed, label_ids):
    rng = random.Random(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=LEARNING_RATE, total_steps=steps,
                                                   pct_start=0.1)
    model.train()
    step = 0
    while step < steps:
        for batch in batches(rows, rng):
            if step == steps:
                break
            optimizer.zero_grad()
            # One row at a time, gradients summed: on one CPU thread a padded batch's T x T attention
            # costs several times more per row than a single row does.
            for row in batch:
                ids, lengths, targets = tensors([row])
                logits = last_position_logits(model, ids, lengths)[:, label_ids]
                (F.cross_entropy(logits, targets) / len(batch)).backward()
            optimizer.step()
            schedule.step()
            step += 1
    model.eval()


def probabilities(model, rows, label_ids):
    out = []
    with torch.no_grad():
        for row in rows:
            ids, lengths, _ = tensors([row])
            out.append(last_position_logits(model, ids, lengths)[:, label_ids].softmax(dim=1))
    return torch.cat(out)


def scores(probs, rows):
    """Hit rate and multiclass Brier (sum of squared errors over the three labels, 0..2)."""
    targets = torch.tensor([r["target"] for r in rows])
    hits = (probs.argmax(dim=1) == targets).float().mean().item()
    brier = ((probs - F.one_hot(targets, 3).float()) ** 2).sum(dim=1).mean().item()
    return hits, brier


def report(name, probs, rows):
    cells = []
    for regime in REGIMES + ("all",):
        picked = [i for i, r in enumerate(rows) if regime in ("all", r["vol"])]
        hits, brier = scores(probs[picked], [rows[i] for i in picked])
        cells.append(f"{hits:.3f} / {brier:.3f}")
    return f"| {name} | " + " | ".join(cells) + " |"


def shared_prefix(prompt):
    """The day's shared part of a demo prompt: its lines before the first one about the job."""
    at = prompt.find(JOB_LINE)
    assert at > 0, "not a prompt of the demo layout: no line starts with " + repr(JOB_LINE.strip())
    return prompt[:at + 1]


def check_kv(name, kv, model, reference, others, vocab, merges):
    """The scripted KV module against the trained model: the full prompt, a cached prefix plus the
    job's own part, and left-padded batches (alone, and after the prefix) give the same logits."""
    rows = [reference] + others
    prefix = shared_prefix(reference["prompt"])
    prefix_ids = encode(prefix, vocab, merges)
    empty = torch.zeros(LAYERS, 1, HEADS, 0, D_MODEL // HEADS)
    with torch.no_grad():
        _, k, v = kv(torch.tensor([prefix_ids]), empty, empty)
        alone = []
        for row in rows:
            own = encode(row["prompt"][len(prefix):], vocab, merges)
            assert prefix_ids + own == row["ids"], f"{name}: the shared prefix does not end at a token boundary"
            full = model(torch.tensor([row["ids"]]))[0, -1]
            whole, _, _ = kv(torch.tensor([row["ids"]]), empty, empty)
            cached, _, _ = kv(torch.tensor([own]), k, v)
            assert torch.allclose(whole[0], full, atol=1e-5), f"{name}: KV module differs from the model"
            assert torch.allclose(cached[0], full, atol=1e-5), f"{name}: cached prefix + own part differs from the full prompt"
            alone.append((own, full))
        width = max(len(own) for own, _ in alone)
        ids = torch.zeros(len(rows), width, dtype=torch.long)
        mask = torch.zeros(len(rows), len(prefix_ids) + width, dtype=torch.long)
        mask[:, :len(prefix_ids)] = 1
        for i, (own, _) in enumerate(alone):
            ids[i, width - len(own):] = torch.tensor(own)
            mask[i, len(prefix_ids) + width - len(own):] = 1
        batch = (LAYERS, len(rows), HEADS, len(prefix_ids), D_MODEL // HEADS)
        padded, _, _ = kv(ids, k.expand(batch), v.expand(batch), mask)
        width = max(len(r["ids"]) for r in rows)
        ids = torch.zeros(len(rows), width, dtype=torch.long)
        mask = torch.zeros(len(rows), width, dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, width - len(r["ids"]):] = torch.tensor(r["ids"])
            mask[i, width - len(r["ids"]):] = 1
        empty = torch.zeros(LAYERS, len(rows), HEADS, 0, D_MODEL // HEADS)
        padded_full, _, _ = kv(ids, empty, empty, mask)
    for i, (_, full) in enumerate(alone):
        assert torch.allclose(padded[i], full, atol=1e-5), f"{name}: a padded row after the prefix differs from alone"
        assert torch.allclose(padded_full[i], full, atol=1e-5), f"{name}: a padded full row differs from alone"


def write_reference(folder, model, reference, others, label_ids):
    """reference.json: the full prompt's last-position logits and label probabilities, where its
    shared prefix ends, and two more jobs' own parts of the same day (for batched prefix tests)."""
    with torch.no_grad():
        last = model(torch.tensor([reference["ids"]]))[0, -1]
    probs = last[label_ids].softmax(dim=0)
    prefix = shared_prefix(reference["prompt"])
    write_json(folder / "reference.json", indent=None, value={
        "prompt": reference["prompt"],
        "sharedLength": len(prefix),
        "sameDayOwnParts": [r["prompt"][len(prefix):] for r in others],
        "ids": reference["ids"],
        "labelIds": {label: i for label, i in zip(LABELS, label_ids)},
        "labelProbabilities": {label: float(p) for label, p in zip(LABELS, probs)},
        "lastPositionLogits": [float(v) for v in last],
    })
    return probs


def write_tokenizers(tokenizer):
    for name in MODELS:
        folder = OUT / name
        folder.mkdir(exist_ok=True)
        write_json(folder / "tokenizer.json", tokenizer, indent=None)


def main():
    # TorchScript writes some class constants in set order, which follows string hashing:
    # a fixed hash seed makes model.pt byte-identical from run to run.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer-only", action="store_true",
                        help="write tokenizer.json into the six folders and stop (the exporter counts tokens with it)")
    parser.add_argument("--prompts", type=pathlib.Path, default=TRAINING_FILE,
                        help=f"training prompts (default: {TRAINING_FILE.relative_to(OUT.parent)})")
    parser.add_argument("--heldout", type=pathlib.Path, default=HELDOUT_FILE,
                        help=f"held-out prompts for the table (default: {HELDOUT_FILE.relative_to(OUT.parent)})")
    args = parser.parse_args()
    torch.set_num_threads(1)
    vocab, merges = build_bpe()
    for label in LABELS:
        assert len(encode(label, vocab, merges)) == 1, label
    label_ids = [encode(label, vocab, merges)[0] for label in LABELS]
    tokenizer = tokenizer_json(vocab, merges)
    write_tokenizers(tokenizer)
    if args.tokenizer_only:
        print(f"tokenizer.json written ({len(vocab)} tokens)")
        return
    training = load_examples(args.prompts, vocab, merges)
    heldout = load_examples(args.heldout, vocab, merges)
    print(f"{len(training)} training prompts ({args.prompts.name}), {len(heldout)} held-out ({args.heldout.name})")
    for title, rows in (("training", training), ("held-out", heldout)):
        total = sorted(len(r["ids"]) for r in rows)
        shared = sorted(r["sharedTokens"] for r in rows)
        own = sorted(len(r["ids"]) - r["sharedTokens"] for r in rows)
        print(f"{title} tokens (min / median / max): prompt {total[0]} / {total[len(total) // 2]} / {total[-1]}, "
              f"shared prefix {shared[0]} / {shared[len(shared) // 2]} / {shared[-1]}, "
              f"own part {own[0]} / {own[len(own) // 2]} / {own[-1]}")
    base = [sum(r["target"] == t for r in heldout) / len(heldout) for t in range(3)]
    print("held-out labels: " + ", ".join(f"{label.strip()} {p:.3f}" for label, p in zip(LABELS, base)))

    models = {}
    table = ["| model | trained on | vol=low | vol=mid | vol=high | all |", "| --- | --- | --- | --- | --- | --- |"]
    for name, (seed, regimes, share, steps) in MODELS.items():
        started = time.time()
        rows = slice_of(training, regimes, share, seed)
        model = build_model(seed, len(vocab))
        train(model, rows, steps, seed, label_ids)
        models[name] = model
        line = report(name, probabilities(model, heldout, label_ids), heldout)
        trained_on = f"vol={'+'.join(regimes)}, {len(rows)} prompts"
        table.append(line.replace(f"| {name} |", f"| {name} | {trained_on} |", 1))
        print(table[-1], f"({time.time() - started:.0f} s)", flush=True)
        models[name] = (model, trained_on, len(rows), steps)

    # The reference prompt: the first held-out prompt on which the models do not all agree, so the
    # reference test also sees that they hold different opinions. Two more prompts of its day
    # (other symbols, other lengths) share its prefix, for the batched prefix-cache tests.
    reference = next(r for r in heldout if len({
        int(probabilities(m, [r], label_ids)[0].argmax()) for m, _, _, _ in models.values()}) > 1)
    same_day = [r for r in heldout if r["date"] == reference["date"] and r is not reference
                and shared_prefix(r["prompt"]) == shared_prefix(reference["prompt"])]
    lengths = {len(reference["ids"])}
    others = []
    for r in same_day:
        if len(r["ids"]) not in lengths and len(others) < 2:
            others.append(r)
            lengths.add(len(r["ids"]))
    assert len(others) == 2, "the reference day needs two more prompts of other lengths"
    for name, (model, trained_on, examples, steps) in models.items():
        folder = OUT / name
        kv = torch.jit.script(KvTinyGpt(model))
        check_kv(name, kv, model, reference, others, vocab, merges)
        kv.save(str(folder / "model.pt"))
        config = {
            "interface": "kv-cache",
            "contextLimit": CONTEXT_LIMIT,
            "labels": LABELS,
            "vocabSize": len(vocab),
            "layers": LAYERS,
            "dModel": D_MODEL,
            "heads": HEADS,
            "seed": MODELS[name][0],
            "trainedOn": trained_on,
            "trainingSteps": steps,
            "trainingData": f"locness export-prompts --seed {TRAINING_SEED}",
            "generator": "models/generate_tiny_models.py",
            "torch": torch.__version__,
        }
        write_json(folder / "config.json", config)
        probs = write_reference(folder, model, reference, others, label_ids)
        size = (folder / "model.pt").stat().st_size
        print(f"{name}: {size / 1024:.0f} KiB, reference {len(reference['ids'])} tokens "
              f"({len(encode(shared_prefix(reference['prompt']), vocab, merges))} shared), "
              + ", ".join(f"{label.strip()}={float(p):.3f}" for label, p in zip(LABELS, probs)))

    # One model also as the plain module without a cache, the fixture of TorchScriptModel's tests.
    model, trained_on, _, steps = models[PLAIN_FIXTURE_MODEL]
    plain = torch.jit.script(model)
    with torch.no_grad():
        ids = torch.tensor([reference["ids"]])
        assert torch.allclose(plain(ids), model(ids), atol=1e-5), "plain scripted differs from eager"
    PLAIN_FIXTURE.mkdir(parents=True, exist_ok=True)
    plain.save(str(PLAIN_FIXTURE / "model.pt"))
    write_json(PLAIN_FIXTURE / "tokenizer.json", tokenizer, indent=None)
    config = {key: value for key, value in config.items() if key != "interface"}
    write_json(PLAIN_FIXTURE / "config.json", dict(config, seed=MODELS[PLAIN_FIXTURE_MODEL][0], trainedOn=trained_on,
                                                  trainingSteps=steps, plainExportOf=PLAIN_FIXTURE_MODEL))
    write_reference(PLAIN_FIXTURE, model, reference, others, label_ids)
    print(f"{PLAIN_FIXTURE.relative_to(OUT.parent)}: {PLAIN_FIXTURE_MODEL} as forward(ids) -> logits[1, T, V], "
          f"{(PLAIN_FIXTURE / 'model.pt').stat().st_size / 1024:.0f} KiB")
    print("\nheld-out hit rate / Brier by the prompt's volatility regime:")
    print("\n".join(table))


if __name__ == "__main__":
    main()
