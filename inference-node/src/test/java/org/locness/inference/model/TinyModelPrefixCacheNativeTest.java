package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each tiny model on real demo-layout prompts (the generator's reference day): the day's shared
 * prefix cached once gives the full prompt's numbers, alone and in a left-padded batch of jobs
 * of different lengths.
 */
class TinyModelPrefixCacheNativeTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @FieldSource("org.locness.inference.model.TinyModels#NAMES")
    void cachedSharedPrefixScoresAsTheFullPrompt(String name) throws IOException {
        TinyModels.Reference reference = TinyModels.reference(name);
        String prefix = reference.sharedPrefix();
        try (KvCacheModel model = KvCacheModel.load(name, TinyModels.dir(name), ModelOptions.withThreads(1));
                PrefixCache cache = new PrefixCache(model, 2);
                CachedPrefix cached = model.prefill(prefix)) {
            float[] full = model.nextTokenLogits(null, List.of(model.encode(reference.prompt())), 1).get(0);
            float[] fromCache = model.nextTokenLogits(cached, List.of(model.encode(reference.ownPart())), 1).get(0);
            double logitDiff = TinyModelReferenceNativeTest.maxAbsDiff(fromCache, full);
            assertTrue(logitDiff < TOLERANCE, name + ": max |cached - full| logit = " + logitDiff);

            LabelDistribution whole = model.score(reference.prompt());
            LabelDistribution scored = cache.score(prefix, reference.ownPart());
            assertTrue(maxAbsDiff(scored, whole) < TOLERANCE, name + ": " + scored + " vs the full prompt's " + whole);
            assertEquals(1, cache.prefills());
        }
    }

    @ParameterizedTest
    @FieldSource("org.locness.inference.model.TinyModels#NAMES")
    void batchOfJobsAfterThePrefixScoresAsEachAlone(String name) throws IOException {
        TinyModels.Reference reference = TinyModels.reference(name);
        String prefix = reference.sharedPrefix();
        List<String> ownParts = new ArrayList<>();
        ownParts.add(reference.ownPart());
        ownParts.addAll(reference.sameDayOwnParts());
        try (KvCacheModel model = KvCacheModel.load(name, TinyModels.dir(name), ModelOptions.withThreads(1));
                PrefixCache cache = new PrefixCache(model, 2);
                CachedPrefix cached = model.prefill(prefix)) {
            List<long[]> rows = ownParts.stream().map(model::encode).toList();
            assertEquals(3, rows.stream().mapToInt(row -> row.length).distinct().count(),
                    "the three jobs differ in length, so the batch is padded");

            List<float[]> batched = model.nextTokenLogits(cached, rows, 3);
            List<LabelDistribution> scored = cache.score(prefix, ownParts, 3);
            for (int i = 0; i < ownParts.size(); i++) {
                float[] alone = model.nextTokenLogits(cached, List.of(rows.get(i)), 1).get(0);
                float[] full = model.nextTokenLogits(null, List.of(model.encode(prefix + ownParts.get(i))), 1).get(0);
                double batchDiff = TinyModelReferenceNativeTest.maxAbsDiff(batched.get(i), alone);
                double fullDiff = TinyModelReferenceNativeTest.maxAbsDiff(batched.get(i), full);
                assertTrue(batchDiff < TOLERANCE, name + " job " + i + ": max |batched - alone| logit = " + batchDiff);
                assertTrue(fullDiff < TOLERANCE, name + " job " + i + ": max |batched - full prompt| logit = " + fullDiff);

                LabelDistribution whole = model.score(prefix + ownParts.get(i));
                assertTrue(maxAbsDiff(scored.get(i), whole) < TOLERANCE,
                        name + " job " + i + ": " + scored.get(i) + " vs the full prompt's " + whole);
            }
            assertEquals(1, cache.prefills());
        }
    }

    private static double maxAbsDiff(LabelDistribution actual, LabelDistribution expected) {
        assertEquals(expected.probabilities().keySet(), actual.probabilities().keySet());
        return expected.probabilities().keySet().stream()
                .mapToDouble(label -> Math.abs(actual.probability(label) - expected.probability(label)))
                .max().orElseThrow();
    }
}
