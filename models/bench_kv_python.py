#!/usr/bin/python3
"""Times a KV-cache TorchScript model (generate_bench_model.py) in python torch, for KvCacheBenchIT.

Same input as the Java side: token i of the prompt is (i * 7919) % 32000. Times the whole
prompt in one pass (empty cache) and, with --prefix-tokens, the prompt's last part after a
cached prefix. Prints one JSON line: medians and every pass in ms, and the sum of the last
position's logits so the caller can check both sides did the same work.

  /usr/bin/python3 models/bench_kv_python.py --model target/bench-models/125m-fp32 --threads 2
"""

import argparse
import json
import statistics
import time

import torch


def ids(count):
    return torch.tensor([[(i * 7919) % 32000 for i in range(count)]], dtype=torch.long)


def timed(fn, warmup, passes):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="model folder (model.pt, config.json)")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads")
    parser.add_argument("--tokens", type=int, default=1500, help="prompt length")
    parser.add_argument("--prefix-tokens", type=int, default=0, help="cached part of the prompt (0: none)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed passes first")
    parser.add_argument("--passes", type=int, default=5, help="timed passes")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    with open(f"{args.model}/config.json", encoding="utf-8") as f:
        config = json.load(f)
    module = torch.jit.load(f"{args.model}/model.pt").eval()
    prompt = ids(args.tokens)
    empty = torch.zeros(config["layers"], 1, config["heads"], 0, config["headDim"])
    result = {"threads": torch.get_num_threads(), "torch": torch.__version__}
    with torch.no_grad():
        full_times = timed(lambda: module(prompt, empty, empty), args.warmup, args.passes)
        logits, _, _ = module(prompt, empty, empty)
        result.update(full_median_ms=statistics.median(full_times), full_times_ms=full_times,
                      last_logits_sum=float(logits[0].sum()))
        if args.prefix_tokens:
            _, k, v = module(prompt[:, :args.prefix_tokens], empty, empty)
            suffix = prompt[:, args.prefix_tokens:]
            suffix_times = timed(lambda: module(suffix, k, v), args.warmup, args.passes)
            result.update(suffix_median_ms=statistics.median(suffix_times), suffix_times_ms=suffix_times)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
