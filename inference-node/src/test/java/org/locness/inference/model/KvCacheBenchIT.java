package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model capacity at real sizes on a generated Llama-shaped model (random weights): prefill speed,
 * DJL against python torch, prefix reuse, batching, bf16 and int8, and memory (each model in a JVM
 * of its own, {@link ModelMemoryProbe}). Prints
 * {@code BENCH <name> <value> <unit>} lines and gates nothing; only the {@code bench} profile
 * runs it ({@code scripts/bench.sh capacity}):
 *
 * <pre>
 * mvn -B -Pbench -pl inference-node -am verify -Dit.test=KvCacheBenchIT \
 *     -Dsurefire.skip=true -Dfailsafe.failIfNoSpecifiedTests=false [-Dlocness.bench.params=125m,350m]
 * </pre>
 *
 * The prompt has the real shape: {@value #SHARED} tokens shared by a day's jobs, then
 * {@value #OWN} of the job's own. Models are generated into {@code target/bench-models/} on
 * first use (about 10 s each at 125m, minutes at 1b). Properties: {@code locness.bench.params}
 * (sizes, comma-separated, default 125m), {@code locness.bench.threads} (default: all CPUs),
 * {@code locness.bench.passes} (timed passes per figure, default 5), {@code locness.bench.paired.passes}
 * (rounds of DJL against python, default 9). DJL and python take turns pass by pass, so that both
 * meet the same load; {@code djl_vs_python_*} is the median of the rounds' time ratios.
 */
@Tag("bench")
class KvCacheBenchIT {

    static final int SHARED = 1200;
    static final int OWN = 300;
    private static final int VOCABULARY = 32000;
    private static final int BATCH = 4;
    private static final int SHORT_OWN = 32;
    private static final int WARMUP = 2;
    private static final long SETTLE_MS = 300;

    private final int threads = Integer.getInteger("locness.bench.threads", Runtime.getRuntime().availableProcessors());
    private final int passes = Integer.getInteger("locness.bench.passes", 5);
    /** More than {@link #passes}: single passes on a shared machine scatter by +-15 %. */
    private final int pairedPasses = Integer.getInteger("locness.bench.paired.passes", 9);
    /** A JVM that only started the engine: what each model's memory is counted from. */
    private ModelMemoryProbe.Resident engineAlone;

    @Test
    void capacity() throws Exception {
        assumeTrue(BenchModels.pythonHasTorch(), "no python torch at " + BenchModels.python());
        System.out.printf(Locale.ROOT, "%ncapacity bench: %d intra-op thread(s), %d timed passes, GLIBC_TUNABLES=%s, load average %s%n",
                threads, passes, System.getenv("GLIBC_TUNABLES"), Files.readString(Path.of("/proc/loadavg")).trim());
        engineAlone = ModelMemoryProbe.engineAlone();
        System.out.printf(Locale.ROOT, "  a JVM with the engine alone: %.0f MiB resident (peak %.0f MiB); each model's memory is"
                + " counted from there, in a JVM of its own, holding the model and its cached prefix after a full prompt and a job%n",
                engineAlone.heldKib() / 1024.0, engineAlone.peakKib() / 1024.0);
        for (String params : System.getProperty("locness.bench.params", "125m").split(",")) {
            bench(params.trim());
        }
    }

    private void bench(String params) throws Exception {
        Path root = Path.of("target", "bench-models").toAbsolutePath();
        Path fp32Dir = BenchModels.generate(params, "fp32", root.resolve(params + "-fp32"));
        Path bf16Dir = BenchModels.generate(params, "bf16", root.resolve(params + "-bf16"));
        Path int8Dir = BenchModels.generate(params, "int8", root.resolve(params + "-int8"));
        JsonNode config = TinyModels.JSON.readTree(fp32Dir.resolve(ModelDirectory.CONFIG_FILE).toFile());
        long parameters = config.get("parameters").longValue();
        long embedding = 2L * VOCABULARY * config.get("dModel").longValue();
        int layers = config.get("layers").intValue();
        int dModel = config.get("dModel").intValue();
        String suffix = "125m".equals(params) ? "" : "_" + params;

        long[] prompt = ids(SHARED + OWN, 0);
        long[] shared = Arrays.copyOf(prompt, SHARED);
        long[] own = Arrays.copyOfRange(prompt, SHARED, SHARED + OWN);
        List<long[]> prompts = new ArrayList<>();
        List<long[]> owns = new ArrayList<>();
        List<long[]> shortOwns = new ArrayList<>();
        for (int job = 0; job < BATCH; job++) {
            // Different lengths, so the batch needs padding.
            owns.add(ids(OWN - 10 * job, 1 + job));
            shortOwns.add(ids(SHORT_OWN - 2 * job, 11 + job));
            long[] whole = Arrays.copyOf(shared, SHARED + owns.get(job).length);
            System.arraycopy(owns.get(job), 0, whole, SHARED, owns.get(job).length);
            prompts.add(whole);
        }

        ModelOptions options = ModelOptions.withThreads(threads);
        double fullMs;
        double ownMs;
        Paired full;
        Paired ownPart;
        String pythonTorch;
        List<float[]> fp32Labels;
        float[] fp32Logits;
        try (KvCacheModel model = KvCacheModel.load(params + "-fp32", fp32Dir, options);
                PythonTorchPasses python = PythonTorchPasses.start(fp32Dir, threads, SHARED + OWN, SHARED, WARMUP)) {
            fp32Logits = model.nextTokenLogits(null, List.of(prompt), 1).get(0);
            assertEquals(python.lastLogitsSum(), sum(fp32Logits), 1e-2 * Math.max(1, Math.abs(sum(fp32Logits))),
                    "DJL and python computed different logits");
            pythonTorch = python.torchVersion();
            full = paired(() -> model.nextTokenLogits(null, List.of(prompt), 1), python::full);
            fullMs = full.djlMs();
            fp32Labels = labelLogits(model, model.nextTokenLogits(null, prompts, 1));
            try (CachedPrefix prefix = model.prefill(shared)) {
                ownPart = paired(() -> model.nextTokenLogits(prefix, List.of(own), 1), python::own);
                ownMs = ownPart.djlMs();
                float[] cached = model.nextTokenLogits(prefix, List.of(own), 1).get(0);
                print("kv_cache_kib_per_token" + suffix, prefix.bytes() / 1024.0 / prefix.tokens(), "KiB/token");
                System.out.printf(Locale.ROOT, "  fp32 cached + own vs full prompt: max logit diff %.2e%n", maxDiff(fp32Logits, cached));

                double oneByOne = median(() -> {
                    for (long[] row : owns) {
                        model.nextTokenLogits(prefix, List.of(row), 1);
                    }
                    return null;
                });
                double batched = median(() -> model.nextTokenLogits(prefix, owns, BATCH));
                double shortOneByOne = median(() -> {
                    for (long[] row : shortOwns) {
                        model.nextTokenLogits(prefix, List.of(row), 1);
                    }
                    return null;
                });
                double shortBatched = median(() -> model.nextTokenLogits(prefix, shortOwns, BATCH));
                List<float[]> alone = new ArrayList<>();
                for (long[] row : owns) {
                    alone.add(model.nextTokenLogits(prefix, List.of(row), 1).get(0));
                }
                List<float[]> together = model.nextTokenLogits(prefix, owns, BATCH);
                double batchDiff = 0;
                for (int i = 0; i < BATCH; i++) {
                    batchDiff = Math.max(batchDiff, maxDiff(alone.get(i), together.get(i)));
                }
                System.out.printf(Locale.ROOT, "  batch of %d own parts (%d-%d tokens) after the cached prefix: %.0f ms one by one,"
                        + " %.0f ms batched, max logit diff %.2e; %d-token parts: %.0f vs %.0f ms%n", BATCH, OWN - 10 * (BATCH - 1), OWN,
                        oneByOne, batched, batchDiff, SHORT_OWN, shortOneByOne, shortBatched);
                print("batch_speedup" + suffix, oneByOne / batched, "x");
                print("batch_speedup_short" + suffix, shortOneByOne / shortBatched, "x");
            }
        }
        double tokensPerSecond = (SHARED + OWN) / (fullMs / 1000);
        double flops = prefillFlops(parameters - embedding, layers, dModel, SHARED + OWN, 0);
        System.out.printf(Locale.ROOT, "  fp32 full prompt %d tokens: %.0f ms; own %d tokens after %d cached: %.0f ms%n",
                SHARED + OWN, fullMs, OWN, SHARED, ownMs);
        print("prefill_tokens_per_s_" + params, tokensPerSecond, "tokens/s");
        print("prefill_gflops_per_s" + suffix, flops / (fullMs / 1000) / 1e9, "GFLOP/s");
        print("full_prompt_ms" + suffix, fullMs, "ms");
        print("own_part_ms" + suffix, ownMs, "ms");
        print("prefix_reuse_speedup" + suffix, fullMs / ownMs, "x");

        System.out.printf(Locale.ROOT, "  python torch %s, passes taking turns with DJL's: full %.0f ms (DJL %.0f), own part %.0f ms"
                + " (DJL %.0f); per pass, DJL/python: full %s, own part %s%n", pythonTorch, full.pythonMs(), full.djlMs(),
                ownPart.pythonMs(), ownPart.djlMs(), full, ownPart);
        System.out.printf(Locale.ROOT, "  DJL/python, ratio of the medians: full %.3f, own part %.3f%n",
                full.djlMs() / full.pythonMs(), ownPart.djlMs() / ownPart.pythonMs());
        print("djl_vs_python_" + params, full.medianRatio(), "x_time");
        print("djl_vs_python_own_part" + suffix, ownPart.medianRatio(), "x_time");

        try (KvCacheModel model = KvCacheModel.load(params + "-bf16", bf16Dir, options)) {
            double bf16Full = median(() -> model.nextTokenLogits(null, List.of(prompt), 1));
            List<float[]> bf16Labels = labelLogits(model, model.nextTokenLogits(null, prompts, 1));
            double cachedVsFull;
            double bf16Own;
            try (CachedPrefix prefix = model.prefill(shared)) {
                bf16Own = median(() -> model.nextTokenLogits(prefix, List.of(own), 1));
                cachedVsFull = maxProbDiff(bf16Labels, labelLogits(model, model.nextTokenLogits(prefix, owns, 1)));
                print("kv_cache_kib_per_token_bf16" + suffix, prefix.bytes() / 1024.0 / prefix.tokens(), "KiB/token");
            }
            System.out.printf(Locale.ROOT, "  bf16 full %.0f ms, own part %.0f ms; cached vs full label probabilities differ by %.2e%n",
                    bf16Full, bf16Own, cachedVsFull);
            print("bf16_speedup" + suffix, fullMs / bf16Full, "x");
            print("bf16_own_part_speedup" + suffix, ownMs / bf16Own, "x");
            print("bf16_prefix_reuse_speedup" + suffix, fullMs / bf16Own, "x");
            print("bf16_max_prob_diff" + suffix, maxProbDiff(fp32Labels, bf16Labels), "prob");
            print("bf16_cached_vs_full_max_prob_diff" + suffix, cachedVsFull, "prob");
        }

        try (KvCacheModel model = KvCacheModel.load(params + "-int8", int8Dir, options)) {
            double int8Full = median(() -> model.nextTokenLogits(null, List.of(prompt), 1));
            List<float[]> int8Labels = labelLogits(model, model.nextTokenLogits(null, prompts, 1));
            double cachedVsFull;
            try (CachedPrefix prefix = model.prefill(shared)) {
                cachedVsFull = maxProbDiff(int8Labels, labelLogits(model, model.nextTokenLogits(prefix, owns, 1)));
            }
            System.out.printf(Locale.ROOT, "  int8 full %.0f ms; cached vs full label probabilities differ by %.2e (do not combine)%n",
                    int8Full, cachedVsFull);
            print("int8_speedup" + suffix, fullMs / int8Full, "x");
            print("int8_max_prob_diff" + suffix, maxProbDiff(fp32Labels, int8Labels), "prob");
            print("int8_cached_vs_full_max_prob_diff" + suffix, cachedVsFull, "prob");
        }
        for (String dtype : List.of("fp32", "bf16", "int8")) {
            Path dir = root.resolve(params + "-" + dtype);
            print("model_file_mib_" + params + "_" + dtype, Files.size(dir.resolve(ModelDirectory.MODEL_FILE)) / 1048576.0, "MiB");
            ModelMemoryProbe.Resident memory = ModelMemoryProbe.model(dir, threads, SHARED, OWN).minus(engineAlone);
            print("memory_mib_" + params + "_" + dtype, memory.heldKib() / 1024.0, "MiB");
            print("memory_peak_mib_" + params + "_" + dtype, memory.peakKib() / 1024.0, "MiB");
            print("memory_load_peak_mib_" + params + "_" + dtype, memory.loadPeakKib() / 1024.0, "MiB");
        }
        print("parameters_" + params, parameters / 1e6, "M");
    }

    /**
     * Useful prefill FLOPs: 2 per weight per token outside the embedding tables, plus attention
     * (QK^T and AV, causal: each new token sees the cached ones and those before it), plus the
     * output head at the last position.
     */
    static double prefillFlops(long denseParameters, int layers, int dModel, int tokens, int cached) {
        double lmHead = 2.0 * dModel * VOCABULARY;
        double dense = 2.0 * denseParameters * tokens;
        double attention = 4.0 * layers * dModel * ((double) tokens * cached + tokens * (tokens + 1) / 2.0);
        return dense + attention + lmHead;
    }

    /** Token i of prompt {@code seed}: the same formula as bench_kv_python.py for seed 0. */
    static long[] ids(int count, int seed) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = ((long) i * 7919 + seed * 104729L) % VOCABULARY;
        }
        return ids;
    }

    private double median(Supplier<?> pass) {
        for (int i = 0; i < WARMUP; i++) {
            pass.get();
        }
        double[] times = new double[passes];
        for (int i = 0; i < passes; i++) {
            times[i] = timedMs(pass);
        }
        return median(times);
    }

    /**
     * DJL's and python's passes taking turns (each goes first every other round), so that both meet
     * the same load on a shared machine. Before each timed pass the benchmark pauses
     * {@value #SETTLE_MS} ms: the other engine's idle threads (OpenBLAS spins its own for a while)
     * are asleep by then. Python warmed its passes up when it started.
     */
    private Paired paired(Supplier<?> djlPass, PythonPass pythonPass) throws IOException, InterruptedException {
        for (int i = 0; i < WARMUP; i++) {
            djlPass.get();
        }
        double[] djl = new double[pairedPasses];
        double[] python = new double[pairedPasses];
        for (int i = 0; i < pairedPasses; i++) {
            if (i % 2 == 0) {
                Thread.sleep(SETTLE_MS);
                djl[i] = timedMs(djlPass);
            }
            Thread.sleep(SETTLE_MS);
            python[i] = pythonPass.ms();
            if (i % 2 == 1) {
                Thread.sleep(SETTLE_MS);
                djl[i] = timedMs(djlPass);
            }
        }
        return new Paired(djl, python);
    }

    @FunctionalInterface
    private interface PythonPass {
        double ms() throws IOException;
    }

    /** Pass times of both engines, in the order they ran. */
    private record Paired(double[] djl, double[] python) {
        double djlMs() {
            return median(djl);
        }

        double pythonMs() {
            return median(python);
        }

        /** The median of the rounds' DJL/python ratios: each round's two passes met the same load. */
        double medianRatio() {
            double[] ratios = new double[djl.length];
            for (int i = 0; i < djl.length; i++) {
                ratios[i] = djl[i] / python[i];
            }
            return median(ratios);
        }

        /** Round by round: DJL's time over python's, and both times in ms. */
        @Override
        public String toString() {
            StringBuilder rounds = new StringBuilder();
            for (int i = 0; i < djl.length; i++) {
                rounds.append(String.format(Locale.ROOT, "%s%.2f (%.0f/%.0f)", i == 0 ? "" : " ", djl[i] / python[i], djl[i], python[i]));
            }
            return rounds.toString();
        }
    }

    private static double timedMs(Supplier<?> pass) {
        long start = System.nanoTime();
        pass.get();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static List<float[]> labelLogits(KvCacheModel model, List<float[]> logits) {
        long[] labels = model.labelTokenIds();
        List<float[]> result = new ArrayList<>();
        for (float[] row : logits) {
            float[] picked = new float[labels.length];
            for (int i = 0; i < labels.length; i++) {
                picked[i] = row[(int) labels[i]];
            }
            result.add(picked);
        }
        return result;
    }

    private static double maxProbDiff(List<float[]> a, List<float[]> b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            worst = Math.max(worst, maxDiff(softmax(a.get(i)), softmax(b.get(i))));
        }
        return worst;
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (Math.exp(logits[i] - max) / sum);
        }
        return p;
    }

    private static double maxDiff(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float v : values) {
            total += v;
        }
        return total;
    }

    private static void print(String name, double value, String unit) {
        System.out.printf(Locale.ROOT, "BENCH %s %.4g %s%n", name, value, unit);
    }
}
