package org.locness.inference.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.inference.model.LabelDistribution;
import org.locness.inference.model.LanguageModelScorer;
import org.locness.inference.model.ModelLoadException;
import org.locness.inference.model.ScorerLoader;
import org.locness.inference.placement.LinuxAffinity;
import org.locness.inference.placement.Placement;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.MarketContext;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PatternOverview;
import org.locness.inference.prompt.Prompt;

/** The model's thread, its load and its failures, with scripted scorers in place of PyTorch. */
class ModelRuntimeTest {
    private static final List<String> LABELS = List.of(" up", " down", " flat");
    private static final LabelDistribution ANSWER = new LabelDistribution(Map.of(" up", 0.5, " down", 0.3, " flat", 0.2));
    private final LinuxAffinity affinity = LinuxAffinity.load();
    private final List<ModelRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void close() {
        runtimes.forEach(ModelRuntime::close);
    }

    /** A scorer whose answer is scripted; counts tokens as characters. */
    record ScriptedScorer(int contextLimit, List<String> labels, Function<String, LabelDistribution> answer)
            implements LanguageModelScorer {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public int countTokens(String text) {
            return text.length();
        }

        @Override
        public LabelDistribution score(String prompt) {
            return answer.apply(prompt);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void loadsAndScoresOnAThreadPinnedToTheModelsCpus() throws Exception {
        CpuSet first = CpuSet.parse(Integer.toString(affinity.current().toArray()[0]));
        List<CpuSet> seenAtLoad = new ArrayList<>();
        List<CpuSet> seenAtScore = new ArrayList<>();
        ModelRuntime runtime = runtime(first, (spec, threads) -> {
            seenAtLoad.add(affinity.current());
            return new ScriptedScorer(2048, LABELS, prompt -> {
                seenAtScore.add(affinity.current());
                return ANSWER;
            });
        });

        runtime.load().get(30, TimeUnit.SECONDS);
        ModelRuntime.Scored scored = score(runtime, "prompt", Duration.ofSeconds(30));

        assertTrue(runtime.available());
        assertEquals(ANSWER, scored.distribution());
        assertEquals(List.of(first), seenAtLoad);
        assertEquals(List.of(first), seenAtScore);
        assertEquals(first, runtime.effectiveCpus());
        assertEquals(Optional.empty(), runtime.unavailableReason());
    }

    @Test
    void aPassOverTheTimeoutIsAFailureAndLaterJobsStillRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ModelRuntime runtime = loaded((spec, threads) -> new ScriptedScorer(512, LABELS, prompt -> {
            if (calls.incrementAndGet() == 1) {
                await(release);
            }
            return ANSWER;
        }));

        ModelFailure failure = assertThrows(ModelFailure.class, () -> score(runtime, "slow", Duration.ofMillis(200)));
        release.countDown();

        assertEquals(FailureKind.TIMEOUT, failure.kind());
        assertEquals("timeout: model runtime-test gave no answer for 1 prompt(s) within PT0.2S", failure.reason());
        assertEquals(ANSWER, score(runtime, "next", Duration.ofSeconds(30)).distribution());
    }

    @Test
    void runningOutOfMemoryIsAFailure() throws Exception {
        ModelRuntime runtime = loaded((spec, threads) -> new ScriptedScorer(512, LABELS, prompt -> {
            throw new OutOfMemoryError("Java heap space");
        }));

        ModelFailure failure = assertThrows(ModelFailure.class, () -> score(runtime, "p", Duration.ofSeconds(30)));

        assertEquals(FailureKind.OUT_OF_MEMORY, failure.kind());
    }

    @Test
    void aModelThatFailsToLoadIsUnavailableForGood() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ModelRuntime runtime = loaded((spec, threads) -> {
            attempts.incrementAndGet();
            throw new ModelLoadException("cannot load /m/model.pt as a TorchScript module: corrupt");
        });

        ModelFailure first = assertThrows(ModelFailure.class, runtime::requireLoaded);
        ModelFailure second = assertThrows(ModelFailure.class, () -> score(runtime, "p", Duration.ofSeconds(1)));

        assertFalse(runtime.available());
        assertEquals(FailureKind.MODEL_UNAVAILABLE, first.kind());
        assertEquals("model-unavailable: cannot load /m/model.pt as a TorchScript module: corrupt", second.reason());
        assertEquals(1, attempts.get(), "a broken model is not loaded again");
    }

    @Test
    void aLoadThatCouldNotReachTheLakeIsTriedAgainOnTheNextJob() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ModelRuntime runtime = loaded((spec, threads) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("the lake holds nothing under models/runtime-test/");
            }
            return new ScriptedScorer(512, LABELS, prompt -> ANSWER);
        });
        assertFalse(runtime.available());

        runtime.requireLoaded();

        assertTrue(runtime.available());
        assertEquals(2, attempts.get());
    }

    @Test
    void labelsMustBeTheOutputRowsAndAgreeWithTheEnsemble() {
        ModelSpec spec = spec(CpuSet.parse("0"));

        assertEquals(Optional.empty(), ModelRuntime.labelProblem(spec, List.of(" flat", " up", " down")));
        assertTrue(ModelRuntime.labelProblem(spec, List.of(" rise", " fall", " flat")).orElseThrow()
                .contains("its labels must be up, down and flat"));
        assertTrue(ModelRuntime.labelProblem(spec, List.of("up", "down", "flat")).orElseThrow()
                .contains("the ensemble gives model runtime-test labels [ up,  down,  flat] but its config.json lists"));
    }

    @Test
    void aModelWithOtherLabelsIsUnavailable() throws Exception {
        ModelRuntime runtime = loaded((spec, threads) -> new ScriptedScorer(512, List.of(" yes", " no"), p -> ANSWER));

        assertFalse(runtime.available());
        assertTrue(runtime.unavailableReason().orElseThrow().contains("scores labels [ yes,  no]"));
    }

    @Test
    void promptsAreTrimmedToTheSmallerContextLimit() throws Exception {
        ModelRuntime runtime = loaded((spec, threads) -> new ScriptedScorer(60, LABELS, p -> ANSWER));
        BarStatistics stats = new BarStatistics(10, 100, 101, 0.01, 0.001, 0.001, 1.0, 102, 99, 100.5);

        // The template is the bare 81-character question: the model's 60 binds, not the ensemble's 512.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runtime.promptBuilder()
                .build("BTC", "2026-11-27", stats, MarketContext.absent(), PatternHistory.none("s"), PatternOverview.none()));
        assertTrue(e.getMessage().contains("over the model's limit of 60"), e.getMessage());
    }

    private ModelRuntime loaded(ScorerLoader loader) throws Exception {
        ModelRuntime runtime = runtime(affinity.current(), loader);
        runtime.load().get(30, TimeUnit.SECONDS);
        return runtime;
    }

    private ModelRuntime runtime(CpuSet cpus, ScorerLoader loader) {
        ModelSpec spec = spec(cpus);
        ModelRuntime runtime = new ModelRuntime(spec, OutcomeDefinition.DEFAULT.question(), new Placement(spec.name(), cpus, cpus, 1, Optional.empty()),
                affinity, loader);
        runtimes.add(runtime);
        return runtime;
    }

    private static ModelSpec spec(CpuSet cpus) {
        return new ModelSpec(ModelName.of("runtime-test"), NodeName.of("vm1"), 1.0, 1, cpus, "/m", 512, LABELS,
                "{question}");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One whole prompt (no shared prefix), scored as the node scores a job alone. */
    private static ModelRuntime.Scored score(ModelRuntime runtime, String text, Duration timeout) throws Exception {
        return runtime.score(List.of(new Prompt(text, 0, 1, "s", List.of())), 1, timeout).get(0);
    }

    @Test
    void promptsSharingAPrefixAreScoredTogetherEachWithItsShareOfTheTime() throws Exception {
        List<String> seen = new ArrayList<>();
        ModelRuntime runtime = loaded((spec, threads) -> new ScriptedScorer(512, LABELS, prompt -> {
            seen.add(prompt);
            return ANSWER;
        }));
        List<Prompt> prompts = List.of(new Prompt("day\nBTC?", 4, 2, "s", List.of()),
                new Prompt("other\nETH?", 6, 2, "s", List.of()), new Prompt("day\nSOL?", 4, 2, "s", List.of()));

        List<ModelRuntime.Scored> scored = runtime.score(prompts, 8, Duration.ofSeconds(30));

        assertEquals(3, scored.size());
        scored.forEach(one -> assertEquals(ANSWER, one.distribution()));
        assertEquals(List.of("day\nBTC?", "day\nSOL?", "other\nETH?"), seen, "grouped by prefix, in order");
    }
}
