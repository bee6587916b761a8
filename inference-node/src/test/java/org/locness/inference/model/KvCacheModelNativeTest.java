package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefix reuse, batching and reduced precision on a small generated Llama-shaped model
 * ({@code generate_bench_model.py --params tiny-test}, ~4M parameters, made in a temp dir).
 * Skipped where python has no torch.
 */
class KvCacheModelNativeTest {

    /** Shared by every job of a day: ~80% of the prompt. */
    static final String PREFIX = """
            You score the next daily move of one market symbol. Answer with up, down or flat.
            Market context: broad index return 0.8%, breadth 61% advancing, volatility regime low, \
            rates flat, dollar weaker, crypto majors mixed with bitcoin leading.
            Pattern overview: trend=up|vol=high resolved up in 58% of 1,204 cases, down in 25%; \
            trend=down|vol=low resolved flat in 47% of 833 cases; gap=up after a quiet week resolved \
            up in 52% of 310 cases; volume spikes at the close preceded reversals in 41% of cases.
            """;

    private static final double FP32_TOLERANCE = 1e-4;

    @TempDir
    static Path models;

    private static KvCacheModel fp32;
    private static KvCacheModel bf16;
    private static KvCacheModel int8;

    @BeforeAll
    static void generateAndLoad() throws Exception {
        assumeTrue(BenchModels.pythonHasTorch(), "no python torch at " + BenchModels.python());
        ModelOptions options = ModelOptions.withThreads(1);
        fp32 = KvCacheModel.load("tiny-fp32", BenchModels.generate("tiny-test", "fp32", models.resolve("fp32")), options);
        bf16 = KvCacheModel.load("tiny-bf16", BenchModels.generate("tiny-test", "bf16", models.resolve("bf16")), options);
        int8 = KvCacheModel.load("tiny-int8", BenchModels.generate("tiny-test", "int8", models.resolve("int8")), options);
    }

    @AfterAll
    static void close() {
        for (KvCacheModel model : new KvCacheModel[] {fp32, bf16, int8}) {
            if (model != null) {
                model.close();
            }
        }
    }

    static List<String> suffixes() {
        List<String> suffixes = new ArrayList<>();
        String[] symbols = {"BTC", "ETH", "AAPL", "MSFT", "SOL"};
        for (int i = 0; i < symbols.length; i++) {
            StringBuilder own = new StringBuilder("Symbol " + symbols[i] + ". Signature trend=up|vol=high.");
            for (int day = 0; day <= i * 2; day++) {
                own.append(String.format(Locale.ROOT, " Day %d close %.1f return %.2f%%.", day, 100 + 7.3 * day * (i + 1),
                        0.4 * (day - i)));
            }
            own.append(" Next move:");
            suffixes.add(own.toString());
        }
        return suffixes;
    }

    @Test
    void loadsThroughTheProductionChecks() {
        assertEquals(2048, fp32.contextLimit());
        assertEquals(List.of(" up", " down", " flat"), fp32.labels());
        assertTrue(fp32.padsBatches(), "the generated module takes an attention mask");
        assertTrue(fp32.countTokens(PREFIX) > 60, "the 32k vocabulary packs several characters per token");
    }

    @Test
    void prefixReuseEqualsTheFullPrompt() {
        try (CachedPrefix prefix = fp32.prefill(PREFIX)) {
            assertEquals(fp32.countTokens(PREFIX), prefix.tokens());
            assertTrue(prefix.bytes() > 0);
            for (String suffix : suffixes()) {
                double diff = maxDiff(fp32.score(PREFIX + suffix), fp32.score(prefix, suffix));
                assertTrue(diff < FP32_TOLERANCE, "cached + suffix vs full prompt differ by " + diff);
            }
        }
    }

    /** The model computes attention 256 queries at a time; a long prompt's blocks split differently when cached. */
    @Test
    void prefixReuseEqualsTheFullPromptOverSeveralAttentionBlocks() {
        String longPrefix = PREFIX.repeat(5);
        assertTrue(fp32.countTokens(longPrefix) > 2 * 256, "the prefix alone spans more than two blocks");
        try (CachedPrefix prefix = fp32.prefill(longPrefix)) {
            for (String suffix : suffixes()) {
                double diff = maxDiff(fp32.score(longPrefix + suffix), fp32.score(prefix, suffix));
                assertTrue(diff < FP32_TOLERANCE, "cached + suffix vs full prompt differ by " + diff);
            }
        }
    }

    @Test
    void batchedSuffixesEqualOneByOne() {
        List<String> suffixes = suffixes();
        try (CachedPrefix prefix = fp32.prefill(PREFIX)) {
            List<LabelDistribution> batched = fp32.score(prefix, suffixes, suffixes.size());
            for (int i = 0; i < suffixes.size(); i++) {
                double diff = maxDiff(fp32.score(prefix, suffixes.get(i)), batched.get(i));
                assertTrue(diff < FP32_TOLERANCE, "suffix " + i + ": batched vs alone differ by " + diff);
            }
        }
    }

    @Test
    void batchedFullPromptsEqualOneByOne() {
        List<String> prompts = suffixes().stream().map(s -> PREFIX + s).toList();
        List<LabelDistribution> batched = fp32.scoreAll(prompts, 3);
        for (int i = 0; i < prompts.size(); i++) {
            double diff = maxDiff(fp32.score(prompts.get(i)), batched.get(i));
            assertTrue(diff < FP32_TOLERANCE, "prompt " + i + ": batched vs alone differ by " + diff);
        }
    }

    @Test
    void bf16StaysCloseToFp32AndItsCacheEqualsItsFullPrompt() {
        double worstFp32 = 0;
        double worstCached = 0;
        try (CachedPrefix prefix = bf16.prefill(PREFIX)) {
            for (String suffix : suffixes()) {
                LabelDistribution full = bf16.score(PREFIX + suffix);
                worstFp32 = Math.max(worstFp32, maxDiff(fp32.score(PREFIX + suffix), full));
                worstCached = Math.max(worstCached, maxDiff(full, bf16.score(prefix, suffix)));
            }
        }
        System.out.printf(Locale.ROOT, "tiny-test bf16: max label-probability diff %.2e from fp32, %.2e cached vs full%n",
                worstFp32, worstCached);
        assertTrue(worstFp32 < 0.02, "bf16 vs fp32 differ by " + worstFp32);
        assertTrue(worstCached < FP32_TOLERANCE, "bf16 cached vs full differ by " + worstCached);
    }

    @Test
    void int8IsReportedOnly() {
        double worst = 0;
        for (String suffix : suffixes()) {
            worst = Math.max(worst, maxDiff(fp32.score(PREFIX + suffix), int8.score(PREFIX + suffix)));
        }
        System.out.printf(Locale.ROOT, "tiny-test int8 (dynamic quantization, full prompts): max label-probability diff %.2e from fp32%n",
                worst);
    }

    @Test
    void aSuffixThatMergesWithThePrefixIsRefused() {
        try (CachedPrefix prefix = fp32.prefill("Next move: u")) {
            assertThrows(IllegalArgumentException.class, () -> fp32.score(prefix, "p or down"));
        }
    }

    @Test
    void overTheContextLimitIsRefused() {
        try (CachedPrefix prefix = fp32.prefill(PREFIX)) {
            String longSuffix = " up".repeat(fp32.contextLimit() - prefix.tokens() + 1);
            assertThrows(PromptTooLongException.class, () -> fp32.score(prefix, longSuffix));
        }
    }

    @Test
    void aClosedPrefixIsRefused() {
        CachedPrefix prefix = fp32.prefill(PREFIX);
        prefix.close();
        assertThrows(IllegalStateException.class, () -> fp32.score(prefix, "Symbol BTC. Next move:"));
    }

    @Test
    void prefixCacheComputesEachPrefixOnceAndDropsTheOldest() {
        String otherDay = PREFIX.replace("0.8%", "-1.1%");
        String suffix = suffixes().get(0);
        try (PrefixCache cache = new PrefixCache(fp32, 1)) {
            LabelDistribution first = cache.score(PREFIX, suffix);
            cache.score(PREFIX, suffixes(), 2);
            assertEquals(1, cache.prefills());
            assertTrue(maxDiff(fp32.score(PREFIX + suffix), first) < FP32_TOLERANCE);

            LabelDistribution next = cache.score(otherDay, suffix);
            assertEquals(2, cache.prefills());
            assertEquals(1, cache.size());
            assertTrue(maxDiff(fp32.score(otherDay + suffix), next) < FP32_TOLERANCE);
            assertTrue(cache.bytes() > 0);
        }
    }

    static double maxDiff(LabelDistribution a, LabelDistribution b) {
        double worst = 0;
        for (String label : a.probabilities().keySet()) {
            worst = Math.max(worst, Math.abs(a.probability(label) - b.probability(label)));
        }
        return worst;
    }
}
