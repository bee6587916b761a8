#!/usr/bin/python3
"""Times forward passes of a TorchScript model in python torch, for TorchScriptBenchmarkIT.

Same input as the Java side: token ids i % 256 for i in 0..tokens-1 (byte tokens exist in
every byte-level vocabulary). Prints one JSON line: the median and every pass in ms, and the
sum of the last position's logits so the caller can check both sides did the same work.

  /usr/bin/python3 models/bench_python.py --model models/gemma-7b-tiny/model.pt --threads 1
"""

import argparse
import json
import statistics
import time

import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="TorchScript file")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads")
    parser.add_argument("--tokens", type=int, default=256, help="input length")
    parser.add_argument("--warmup", type=int, default=5, help="untimed passes first")
    parser.add_argument("--passes", type=int, default=30, help="timed passes")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    module = torch.jit.load(args.model).eval()
    ids = torch.tensor([[i % 256 for i in range(args.tokens)]], dtype=torch.long)
    times = []
    with torch.no_grad():
        for _ in range(args.warmup):
            module(ids)
        for _ in range(args.passes):
            start = time.perf_counter()
            logits = module(ids)
            times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "median_ms": statistics.median(times),
        "times_ms": times,
        "last_logits_sum": float(logits[0, -1].sum()),
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
