package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

/** The loader picks the engine class from config.json's interface, and both score the same prompt alike. */
class ModelLoaderNativeTest {
    private static final String PROMPT = "Daily calls for 2026-11-27.\nReport for BTC: day return +1.00%\n"
            + "Question: up, down or flat? Answer:";

    @TempDir
    Path dir;

    @Test
    void aKvCacheExportServesWithItsPrefixCacheAndAPlainOneWholePrompts() throws Exception {
        ModelLoader loader = new ModelLoader(new ModelCache(dir, (model, target) -> {
            throw new AssertionError("local models are not fetched");
        }), 2);
        String shared = "Daily calls for 2026-11-27.\n";
        String own = PROMPT.substring(shared.length());
        // gemma-7b-tiny's weights are in both folders: one with the cache interface, one without.
        try (LanguageModelScorer cached = loader.load(spec("gemma-7b-tiny", TinyModels.dir("gemma-7b-tiny")), 1);
                LanguageModelScorer plain = loader.load(spec("plain", TinyModels.dir(TinyModels.PLAIN)), 1)) {
            PrefixReusingScorer reusing = assertInstanceOf(PrefixReusingScorer.class, cached);
            assertInstanceOf(TorchScriptModel.class, plain);

            LabelDistribution fromPrefix = cached.score(shared, List.of(own), 1).get(0);
            LabelDistribution whole = plain.score(PROMPT);

            assertEquals(1, reusing.prefills());
            for (String label : whole.probabilities().keySet()) {
                assertEquals(whole.probability(label), fromPrefix.probability(label), 1e-4, label);
            }
        }
    }

    @Test
    void openPicksTheSameWayWithoutWarmingUp() {
        try (LanguageModelScorer cached = ModelLoader.open("a", TinyModels.dir("gemma-7b-tiny"), ModelOptions.withThreads(1));
                LanguageModelScorer plain = ModelLoader.open("b", TinyModels.dir(TinyModels.PLAIN),
                        ModelOptions.withThreads(1))) {
            assertInstanceOf(KvCacheModel.class, cached);
            assertInstanceOf(TorchScriptModel.class, plain);
            assertEquals(cached.countTokens(PROMPT), plain.countTokens(PROMPT));
        }
    }

    private static ModelSpec spec(String name, Path location) {
        return new ModelSpec(ModelName.of(name), NodeName.of("vm1"), 1.0, 1, CpuSet.parse("0"), location.toString(), 512,
                List.of(" up", " down", " flat"), "{question}");
    }
}
