package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the plain fixture: a tiny model exported without a KV cache. */
class TorchScriptModelNativeTest {

    private static final String NAME = TinyModels.PLAIN;
    private static TorchScriptModel model;

    @BeforeAll
    static void load() {
        model = TorchScriptModel.load(NAME, TinyModels.dir(NAME), ModelOptions.withThreads(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void readsContextLimitAndLabelsFromConfig() {
        assertEquals(NAME, model.name());
        assertEquals(512, model.contextLimit());
        assertEquals(List.of(" up", " down", " flat"), model.labels());
    }

    @Test
    void promptAtTheLimitIsScoredAndOneTokenMoreIsRefused() {
        // " up" is one token, so the repetition count is the token count.
        String atLimit = " up".repeat(512);
        assertEquals(512, model.countTokens(atLimit));
        assertEquals(1.0, sum(model.score(atLimit)), 1e-6);

        String overLimit = " up".repeat(513);
        assertEquals(513, model.countTokens(overLimit));
        PromptTooLongException e = assertThrows(PromptTooLongException.class, () -> model.score(overLimit));
        assertEquals(513, e.tokens());
        assertEquals(512, e.contextLimit());
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
    }

    @Test
    void tokenizerNeverTruncatesNorAddsSpecialTokens() {
        String text = "trend=up|vol=high ".repeat(200);
        long[] ids = model.encode(text);
        assertTrue(ids.length > 1000, "only " + ids.length + " tokens: truncated?");
        assertEquals(ids.length, model.countTokens(text));
        assertArrayEquals(new long[] {model.labelTokenIds()[0]}, model.encode(" up"));
    }

    @Test
    void emptyPromptIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> model.score(""));
    }

    @Test
    void warmUpRunsTheConfiguredPasses() {
        Duration took = model.warmUp();
        assertFalse(took.isNegative());
    }

    @Test
    void concurrentCallersGetTheSameAnswers() throws Exception {
        String prompt = TinyModels.reference(NAME).prompt();
        LabelDistribution expected = model.score(prompt);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<LabelDistribution>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> model.score(prompt)));
            }
            for (Future<LabelDistribution> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void intraOpThreadsAreSetPerModelOnEachCallingThread() throws Exception {
        String prompt = TinyModels.reference(NAME).prompt();
        try (TorchScriptModel twoThreads = TorchScriptModel.load(NAME, TinyModels.dir(NAME), ModelOptions.withThreads(2))) {
            ExecutorService first = Executors.newSingleThreadExecutor();
            ExecutorService second = Executors.newSingleThreadExecutor();
            try {
                Callable<Integer> scoreWithOne = () -> {
                    model.score(prompt);
                    return JniUtils.getNumThreads();
                };
                Callable<Integer> scoreWithTwo = () -> {
                    twoThreads.score(prompt);
                    return JniUtils.getNumThreads();
                };
                assertEquals(1, first.submit(scoreWithOne).get());
                assertEquals(2, second.submit(scoreWithTwo).get());
                // The second model's setting did not leak into the first model's thread.
                assertEquals(1, first.submit(JniUtils::getNumThreads).get());
            } finally {
                first.shutdown();
                second.shutdown();
            }
        }
    }

    @Test
    void labelOfTwoTokensIsRefusedAtLoad(@TempDir Path tmp) throws IOException {
        Path dir = TinyModels.copy(NAME, tmp.resolve(NAME), ModelDirectory.TOKENIZER_FILE);
        // The same tokenizer without its last merge for " flat": the label becomes "Ġfla" + "t".
        ObjectNode tokenizer = (ObjectNode) TinyModels.JSON.readTree(TinyModels.dir(NAME).resolve(ModelDirectory.TOKENIZER_FILE).toFile());
        ObjectNode bpe = (ObjectNode) tokenizer.get("model");
        ((ObjectNode) bpe.get("vocab")).remove("Ġflat");
        ArrayNode merges = (ArrayNode) bpe.get("merges");
        for (Iterator<JsonNode> it = merges.iterator(); it.hasNext(); ) {
            if ("Ġfla t".equals(it.next().textValue())) {
                it.remove();
            }
        }
        TinyModels.JSON.writeValue(dir.resolve(ModelDirectory.TOKENIZER_FILE).toFile(), tokenizer);

        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TorchScriptModel.load(NAME, dir, ModelOptions.withThreads(1)));
        assertTrue(e.getMessage().contains("label ' flat'"), e.getMessage());
        assertTrue(e.getMessage().contains("2 tokens"), e.getMessage());
    }

    @Test
    void missingModelFileIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = TinyModels.copy(NAME, tmp.resolve(NAME), ModelDirectory.MODEL_FILE);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TorchScriptModel.load(NAME, dir, ModelOptions.withThreads(1)));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("lacks model.pt ("), e.getMessage());
    }

    @Test
    void everyMissingFileIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = TinyModels.copy(NAME, tmp.resolve(NAME), ModelDirectory.MODEL_FILE, ModelDirectory.TOKENIZER_FILE);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TorchScriptModel.load(NAME, dir, ModelOptions.withThreads(1)));
        assertTrue(e.getMessage().contains("lacks model.pt, tokenizer.json ("), e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed(@TempDir Path tmp) {
        Path dir = tmp.resolve("nowhere");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TorchScriptModel.load(NAME, dir, ModelOptions.withThreads(1)));
        assertTrue(e.getMessage().contains(dir + " does not exist"), e.getMessage());
    }

    @Test
    void corruptModelFileIsALoadError(@TempDir Path tmp) throws IOException {
        Path dir = TinyModels.copy(NAME, tmp.resolve(NAME), ModelDirectory.MODEL_FILE);
        Files.write(dir.resolve(ModelDirectory.MODEL_FILE), new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p'});
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TorchScriptModel.load(NAME, dir, ModelOptions.withThreads(1)));
        assertTrue(e.getMessage().contains("as a TorchScript module"), e.getMessage());
    }

    @Test
    void tokenizerOfAnotherVocabularyIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = TinyModels.copy(NAME, tmp.resolve(NAME), ModelDirectory.TOKENIZER_FILE);
        // Move " up" to an id beyond the model's logits.
        ObjectNode tokenizer = (ObjectNode) TinyModels.JSON.readTree(TinyModels.dir(NAME).resolve(ModelDirectory.TOKENIZER_FILE).toFile());
        ((ObjectNode) tokenizer.get("model").get("vocab")).put("Ġup", 4000);
        TinyModels.JSON.writeValue(dir.resolve(ModelDirectory.TOKENIZER_FILE).toFile(), tokenizer);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TorchScriptModel.load(NAME, dir, ModelOptions.withThreads(1)));
        assertTrue(e.getMessage().contains("label ' up' is token 4000"), e.getMessage());
    }

    @Test
    void closedModelRefusesWork() {
        TorchScriptModel closing = TorchScriptModel.load(NAME, TinyModels.dir(NAME), ModelOptions.withThreads(1));
        closing.score(" up");
        closing.close();
        closing.close();
        assertThrows(IllegalStateException.class, () -> closing.score(" up"));
        assertThrows(IllegalStateException.class, () -> closing.countTokens(" up"));
    }

    private static double sum(LabelDistribution distribution) {
        return distribution.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
