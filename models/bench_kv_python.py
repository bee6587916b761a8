#!/usr/bin/python3
"""Times a KV-cache TorchScript model (generate_bench_model.py) in python torch, pass by pass, for KvCacheBenchIT.

Same input as the Java side: token i of the prompt is (i * 7919) % 32000. The model is loaded, the
prompt's prefix cached and both kinds of pass warmed up once, then one JSON line says so (with the
sum of the last position's logits, so the caller can check both sides do the same work). After
that each line read from stdin runs one timed pass and answers with one JSON line:

  full   the whole prompt in one pass (empty cache)
  own    the prompt's last part after the cached prefix

The caller alternates these with its own passes, so that both engines meet the same load on a
shared machine. By hand:

  printf 'full\\nown\\n' | /usr/bin/python3 models/bench_kv_python.py \\
      --model target/bench-models/125m-fp32 --threads 2 --prefix-tokens 1200
"""

import argparse
import json
import sys
import time

import torch


def ids(count):
    return torch.tensor([[(i * 7919) % 32000 for i in range(count)]], dtype=torch.long)


def timed_ms(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="model folder (model.pt, config.json)")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads")
    parser.add_argument("--tokens", type=int, default=1500, help="prompt length")
    parser.add_argument("--prefix-tokens", type=int, required=True, help="cached part of the prompt")
    parser.add_argument("--warmup", type=int, default=2, help="untimed passes of each kind first")
    args = parser.parse_args()
    if not 0 < args.prefix_tokens < args.tokens:
        parser.error("--prefix-tokens must be between 0 and --tokens")

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    with open(f"{args.model}/config.json", encoding="utf-8") as f:
        config = json.load(f)
    module = torch.jit.load(f"{args.model}/model.pt").eval()
    prompt = ids(args.tokens)
    suffix = prompt[:, args.prefix_tokens:]
    empty = torch.zeros(config["layers"], 1, config["heads"], 0, config["headDim"])
    with torch.no_grad():
        logits, _, _ = module(prompt, empty, empty)
        _, k, v = module(prompt[:, :args.prefix_tokens], empty, empty)
        passes = {"full": lambda: module(prompt, empty, empty), "own": lambda: module(suffix, k, v)}
        for _ in range(args.warmup):
            for run in passes.values():
                run()
        print(json.dumps({"threads": torch.get_num_threads(), "torch": torch.__version__,
                          "last_logits_sum": float(logits[0].sum())}), flush=True)
        for line in sys.stdin:
            kind = line.strip()
            if kind not in passes:
                sys.exit(f"unknown pass {kind!r}: expected one of {sorted(passes)}")
            print(json.dumps({"pass": kind, "ms": timed_ms(passes[kind])}), flush=True)


if __name__ == "__main__":
    main()
