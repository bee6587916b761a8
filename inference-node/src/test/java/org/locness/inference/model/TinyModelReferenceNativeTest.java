package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** DJL runs each generated KV-cache model exactly as the generator's python torch did. */
class TinyModelReferenceNativeTest {

    @ParameterizedTest
    @FieldSource("org.locness.inference.model.TinyModels#NAMES")
    void djlReproducesThePythonReference(String name) throws IOException {
        TinyModels.Reference reference = TinyModels.reference(name);
        try (KvCacheModel model = KvCacheModel.load(name, TinyModels.dir(name), ModelOptions.withThreads(1))) {
            assertTrue(model.padsBatches(), name + " takes an attention mask");
            assertArrayEquals(reference.ids(), model.encode(reference.prompt()), "tokenizer.json ids");
            assertArrayEquals(reference.labelIds().values().stream().mapToLong(Long::longValue).toArray(),
                    model.labelTokenIds(), "label ids");

            float[] logits = model.nextTokenLogits(null, List.of(reference.ids()), 1).get(0);
            assertEquals(reference.lastPositionLogits().length, logits.length, "vocabulary size");
            double maxDiff = maxAbsDiff(logits, reference.lastPositionLogits());
            assertTrue(maxDiff < 1e-4, name + ": max |DJL - python| = " + maxDiff);

            LabelDistribution distribution = model.score(reference.prompt());
            assertEquals(1.0, distribution.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
            assertEquals(model.labels(), distribution.probabilities().keySet().stream().toList());
            reference.labelProbabilities().forEach((label, p) ->
                    assertEquals(p, distribution.probability(label), 1e-4, name + " P(" + label + ")"));
        }
    }

    @Test
    void thePlainFixtureReproducesItsPythonReference() throws IOException {
        TinyModels.Reference reference = TinyModels.reference(TinyModels.PLAIN);
        try (TorchScriptModel model = TorchScriptModel.load(TinyModels.PLAIN, TinyModels.dir(TinyModels.PLAIN),
                ModelOptions.withThreads(1))) {
            assertArrayEquals(reference.ids(), model.encode(reference.prompt()), "tokenizer.json ids");
            double maxDiff = maxAbsDiff(model.nextTokenLogits(reference.ids()), reference.lastPositionLogits());
            assertTrue(maxDiff < 1e-4, "plain fixture: max |DJL - python| = " + maxDiff);
        }
    }

    @Test
    void everyModelIsWellUnderTwoMegabytes() throws IOException {
        for (String name : TinyModels.NAMES) {
            long bytes = Files.size(TinyModels.dir(name).resolve(ModelDirectory.MODEL_FILE));
            assertTrue(bytes < 1_000_000, name + " model.pt is " + bytes + " bytes");
        }
    }

    @Test
    void theModelsDisagree() throws IOException {
        long distinctPredictions = TinyModels.NAMES.stream().map(name -> {
            try (KvCacheModel model = KvCacheModel.load(name, TinyModels.dir(name), ModelOptions.withThreads(1))) {
                return model.score(TinyModels.reference(name).prompt()).prediction();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().count();
        assertTrue(distinctPredictions > 1, "all six models predict the same label");
    }

    static double maxAbsDiff(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length, "vocabulary size");
        double maxDiff = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
        }
        return maxDiff;
    }
}
