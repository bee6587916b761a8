#!/usr/bin/env bash
# Runs Locness's benchmarks and ends with their figures as machine-readable lines
# `BENCH <name> <value> <unit>`. Benchmarks print; they assert nothing about speed, so a slow
# run never fails. The exit status is non-zero only if a benchmark could not run: Maven failed, or a
# benchmark printed none of its figures (it skipped itself; the log says why).
#
#   scripts/bench.sh                 # all of them
#   scripts/bench.sh capacity prep   # by benchmark ...
#   scripts/bench.sh bf16_speedup    # ... or by figure
#
# Benchmarks and their figures:
#   capacity   inference-node KvCacheBenchIT: prefill_tokens_per_s_125m, djl_vs_python_125m,
#              prefix_reuse_speedup, batch_speedup, bf16_speedup, bf16_max_prob_diff,
#              int8_speedup, int8_max_prob_diff, memory_mib_*, memory_peak_mib_* and
#              memory_load_peak_mib_* per size and dtype (each model in a JVM of its own);
#              generates its Llama-shaped models into inference-node/target/bench-models/ on first use
#   prep       ingest DailyPrepBenchIT: prep_rows_per_s (daily run), prep_rows_per_s_cold (first prep on a worker)
#   node       inference-node InferenceNodeBenchIT: node_overhead_ms_p50 (one model per process, as
#              on K3s), node_overhead_ms_p50_three_models (the demo's three models sharing the CPUs)
#   consensus  aggregator ConsensusBenchIT: consensus_latency_ms_p99
#   sweeper    sweeper SweeperUploadBenchIT: sweeper_vs_raw
#   djl-tiny   inference-node TorchScriptBenchmarkIT (DJL vs python on a tiny model; not in "all")
#
# Where a benchmark prints its figure in prose rather than as `BENCH <name>`, this script reads
# it from the prose (see figure_from_prose).
#
# Environment: MVN (default mvn), MVN_FLAGS (default -B; add -o offline),
# LOCNESS_BENCH_PARAMS (capacity model sizes, default 125m; e.g. 125m,350m,1b),
# LOCNESS_BENCH_THREADS (intra-op threads, default all CPUs), LOCNESS_BENCH_PASSES (default 5).
# GLIBC_TUNABLES (default: each benchmark with its pods' malloc settings, see below; set it to
# use one setting for all).
# The capacity and djl-tiny benchmarks need Debian's python3-torch and libopenblas0-pthread, which
# this script installs when they are missing (scripts/install-missing.sh).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MVN="${MVN:-mvn}"
# glibc's malloc settings (the forked test JVMs and the python reference inherit them):
# - hugetlb=1: large tensors (a 1,500-token prompt's attention scores are ~100 MB a layer) are
#   fresh mmaps, and without transparent huge pages every 4 KiB page faults on first touch, which
#   on a VM made a 125m prefill ~10x slower (glibc >= 2.35).
# - arena_max=1, the inference pods' setting (infra/k3s/base/patches/inference-runtime.yaml): the
#   JVM thread that runs a model allocates its activations from the main heap, as python's first
#   thread does, instead of a thread arena that glibc shrinks and deletes as soon as it empties
#   (docs/capacity.md, "DJL and python"). The inference node's benchmarks run with it; the others
#   with hugetlb=1 alone, as before.
# Set GLIBC_TUNABLES to use one setting for all (GLIBC_TUNABLES= to measure without any).
inference_tunables="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1}"
other_tunables="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1}"
read -r -a mvn_flags <<<"${MVN_FLAGS:--B}"

benchmark_of() {
  case "$1" in
    capacity|prefill_tokens_per_s_*|djl_vs_python_*|prefix_reuse_speedup*|batch_speedup*|bf16_*|int8_*) echo capacity ;;
    prep|prep_rows_per_s*) echo prep ;;
    node|node_overhead_ms_p50*) echo node ;;
    consensus|consensus_latency_ms_p99) echo consensus ;;
    sweeper|sweeper_vs_raw) echo sweeper ;;
    djl-tiny) echo djl-tiny ;;
    *) return 1 ;;
  esac
}

module_of() {
  case "$1" in
    capacity|node|djl-tiny) echo inference-node ;;
    prep) echo ingest ;;
    consensus) echo aggregator ;;
    sweeper) echo sweeper ;;
  esac
}

class_of() {
  case "$1" in
    capacity) echo KvCacheBenchIT ;;
    prep) echo DailyPrepBenchIT ;;
    node) echo InferenceNodeBenchIT ;;
    consensus) echo ConsensusBenchIT ;;
    sweeper) echo SweeperUploadBenchIT ;;
    djl-tiny) echo TorchScriptBenchmarkIT ;;
  esac
}

requested=("$@")
[ ${#requested[@]} -gt 0 ] || requested=(capacity prep node consensus sweeper)
benchmarks=()
for name in "${requested[@]}"; do
  if ! benchmark=$(benchmark_of "$name"); then
    echo "unknown benchmark or figure '$name'; see the top of $0" >&2
    exit 2
  fi
  [[ " ${benchmarks[*]} " == *" $benchmark "* ]] || benchmarks+=("$benchmark")
done

# The figure (or the figures' prefix) each benchmark must print: a benchmark that printed none did not
# run or skipped itself. For consensus and sweeper it may be in prose (figure_from_prose).
main_figure_of() {
  case "$1" in
    capacity) echo 'prefill_tokens_per_s_' ;;
    prep) echo 'prep_rows_per_s' ;;
    node) echo 'node_overhead_ms_p50' ;;
    consensus) echo 'consensus_latency_ms_p99' ;;
    sweeper) echo 'sweeper_vs_raw' ;;
    djl-tiny) echo '' ;;
  esac
}

for benchmark in "${benchmarks[@]}"; do
  case "$benchmark" in
    capacity|djl-tiny) scripts/install-missing.sh python3-torch libopenblas0-pthread || exit 2 ;;
  esac
done

# Each benchmark's module and class, in two groups by malloc setting (see run_benchmarks below).
inference_modules=()
inference_classes=()
other_modules=()
other_classes=()
for benchmark in "${benchmarks[@]}"; do
  module=$(module_of "$benchmark")
  if [ "$module" = inference-node ]; then
    inference_modules=(inference-node)
    inference_classes+=("$(class_of "$benchmark")")
  else
    [[ " ${other_modules[*]} " == *" $module "* ]] || other_modules+=("$module")
    other_classes+=("$(class_of "$benchmark")")
  fi
done

mkdir -p target/bench
log="target/bench/bench-$(date -u +%Y%m%dT%H%M%SZ).log"
properties=()
[ -n "${LOCNESS_BENCH_PARAMS:-}" ] && properties+=("-Dlocness.bench.params=$LOCNESS_BENCH_PARAMS")
[ -n "${LOCNESS_BENCH_THREADS:-}" ] && properties+=("-Dlocness.bench.threads=$LOCNESS_BENCH_THREADS")
[ -n "${LOCNESS_BENCH_PASSES:-}" ] && properties+=("-Dlocness.bench.passes=$LOCNESS_BENCH_PASSES")
# Stale reports would make failsafe's verify judge tests that did not run now.
for module in "${inference_modules[@]}" "${other_modules[@]}"; do
  rm -rf "$module/target/failsafe-reports"
done

# One Maven run per malloc setting: the inference node's benchmarks, then the others.
run_benchmarks() {
  local tunables=$1 module_list=$2 class_list=$3
  echo "running $class_list in $module_list with GLIBC_TUNABLES=$tunables; log $log" >&2
  GLIBC_TUNABLES="$tunables" "$MVN" "${mvn_flags[@]}" -fae -Pbench -pl "$module_list" -am verify \
    -Dit.test="$class_list" -Dsurefire.skip=true -Dfailsafe.failIfNoSpecifiedTests=false "${properties[@]}" 2>&1 \
    | tee -a "$log"
  return "${PIPESTATUS[0]}"
}

csv() { (IFS=,; echo "$*"); }
status=0
if [ ${#inference_modules[@]} -gt 0 ]; then
  run_benchmarks "$inference_tunables" "$(csv "${inference_modules[@]}")" "$(csv "${inference_classes[@]}")" || status=$?
fi
if [ ${#other_modules[@]} -gt 0 ]; then
  run_benchmarks "$other_tunables" "$(csv "${other_modules[@]}")" "$(csv "${other_classes[@]}")" || status=$?
fi

# The issue's figure names for benchmarks that print prose; empty if the figure is missing.
figure_from_prose() {
  case "$1" in
    consensus_latency_ms_p99)
      # "[bench] latency ... median 12.3 ms, p99 45.6 ms, max ..."
      grep -E '\[bench\] latency' "$log" | tail -1 | sed -nE 's/.* p99 ([0-9.]+) ms.*/BENCH consensus_latency_ms_p99 \1 ms/p' ;;
    sweeper_vs_raw)
      # "BENCH   sweeper PairUploader (...)  ... ratio to raw 0.95 ..." (raw time / sweeper time, so
      # above 1 is faster than raw one-at-a-time uploads); the first profile, the model outputs
      # as nodes write them (the second uploads 1 MiB files)
      grep -E '^BENCH +sweeper PairUploader' "$log" | head -1 \
        | sed -nE 's/.*ratio to raw ([0-9.]+).*/BENCH sweeper_vs_raw \1 x/p' ;;
  esac
}

summary="target/bench/bench-summary.txt"
{
  # Figures printed as `BENCH <name> <value> <unit>`: a lowercase name, a number, a unit.
  grep -E '^BENCH [a-z0-9_.-]+ -?[0-9][0-9.eE+-]* [^ ]+$' "$log"
  for benchmark in "${benchmarks[@]}"; do
    figure=$(main_figure_of "$benchmark")
    [ -z "$figure" ] || grep -qE "^BENCH $figure" "$log" || figure_from_prose "$figure"
  done
} | awk '!seen[$2]++' >"$summary"

echo
echo "== figures (also in $summary) =="
cat "$summary"
for benchmark in "${benchmarks[@]}"; do
  figure=$(main_figure_of "$benchmark")
  if [ -n "$figure" ] && ! grep -qE "^BENCH $figure" "$summary"; then
    echo "no figures from the $benchmark benchmark: it did not run or skipped itself (its reason is in $log)" >&2
    status=1
  fi
done
exit "$status"
