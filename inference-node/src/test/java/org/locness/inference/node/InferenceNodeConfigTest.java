package org.locness.inference.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.inference.node.EnsembleFiles.Member;

class InferenceNodeConfigTest {
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void environment() throws Exception {
        Path ensemble = EnsembleFiles.write(dir, "vm1", "0-3", List.of(
                new Member("alpha", "models/alpha", "0-1"), new Member("beta", "lake:models/beta/", "2-3")));
        env.put("LOCNESS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        env.put("LOCNESS_S3_ENDPOINT", "http://127.0.0.1:9000");
        env.put("LOCNESS_S3_ACCESS_KEY", "key");
        env.put("LOCNESS_S3_SECRET_KEY", "secret");
        env.put("LOCNESS_ENSEMBLE", ensemble.toString());
        env.put("LOCNESS_NODE", "vm1");
    }

    @Test
    void defaultsRunEveryModelOfTheNode() {
        InferenceNodeConfig config = InferenceNodeConfig.fromEnvironment(env);

        assertEquals(NodeName.of("vm1"), config.node());
        assertEquals(List.of("alpha", "beta"), config.selectedModels().stream().map(m -> m.name().value()).toList());
        assertEquals(Path.of("/data/local"), config.stagingDir());
        assertEquals(Path.of("/data/models"), config.modelCacheDir());
        assertFalse(config.strictPinning());
        assertEquals(Duration.ofMinutes(2), config.inferenceTimeout());
        assertEquals(dir.resolve("models/alpha").toString(), config.selectedModels().get(0).location());
    }

    @Test
    void theStagingNodeIsTheServedNodeUnlessSetAndMustBeAnEnsembleNode() {
        assertEquals(NodeName.of("vm1"), InferenceNodeConfig.fromEnvironment(env).stagingNode());

        env.put("LOCNESS_STAGING_NODE", "vm9");
        String message = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();
        assertTrue(message.contains("LOCNESS_STAGING_NODE: unknown node 'vm9'"), message);

    }

    @Test
    void readsEveryVariable() {
        env.put("LOCNESS_MODELS", " beta ");
        env.put("LOCNESS_STAGING_DIR", "/tmp/staging");
        env.put("LOCNESS_MODEL_CACHE_DIR", "/tmp/models");
        env.put("LOCNESS_STRICT_PINNING", "TRUE");
        env.put("LOCNESS_INFERENCE_TIMEOUT", "PT30S");

        InferenceNodeConfig config = InferenceNodeConfig.fromEnvironment(env);

        assertEquals(List.of(ModelName.of("beta")), config.selectedModels().stream().map(ModelSpec::name).toList());
        assertEquals(Path.of("/tmp/staging"), config.stagingDir());
        assertEquals(Path.of("/tmp/models"), config.modelCacheDir());
        assertTrue(config.strictPinning());
        assertEquals(Duration.ofSeconds(30), config.inferenceTimeout());
    }

    @Test
    void unknownNodeNamesTheEnsemblesNodes() {
        env.put("LOCNESS_NODE", "vm9");

        String message = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();

        assertTrue(message.contains("LOCNESS_NODE: unknown node 'vm9'; the ensemble has nodes vm1, elsewhere"), message);
    }

    @Test
    void modelOfAnotherNodeOrOfNoNodeIsRefused() {
        env.put("LOCNESS_MODELS", "other-model,gamma");

        String message = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();

        assertTrue(message.contains("model other-model is not on this node: it runs on node elsewhere; node vm1 runs"
                + " alpha, beta"), message);
        assertTrue(message.contains("model gamma is not in the ensemble"), message);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        env.remove("LOCNESS_NODE");
        env.remove("LOCNESS_KAFKA_BOOTSTRAP");
        env.put("LOCNESS_MODELS", "Bad Name");
        env.put("LOCNESS_STAGING_DIR", "relative/dir");
        env.put("LOCNESS_STRICT_PINNING", "maybe");
        env.put("LOCNESS_INFERENCE_TIMEOUT", "two minutes");

        String message = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();

        for (String expected : List.of("LOCNESS_NODE is not set", "LOCNESS_KAFKA_BOOTSTRAP is not set",
                "LOCNESS_MODELS: 'Bad Name'", "LOCNESS_STAGING_DIR: 'relative/dir' must be an absolute path",
                "LOCNESS_STRICT_PINNING: 'maybe' is neither true nor false",
                "LOCNESS_INFERENCE_TIMEOUT: 'two minutes' is not an ISO-8601 duration")) {
            assertTrue(message.contains(expected), () -> "missing '" + expected + "' in: " + message);
        }
    }

    @Test
    void nonPositiveTimeoutAndMissingEnsembleAreRefused() {
        env.put("LOCNESS_INFERENCE_TIMEOUT", "PT0S");
        env.put("LOCNESS_ENSEMBLE", dir.resolve("missing.yaml").toString());

        String message = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();

        assertTrue(message.contains("LOCNESS_INFERENCE_TIMEOUT must be a positive duration"), message);
        assertTrue(message.contains("missing.yaml") && message.contains("file not found"), message);
    }

    @Test
    void explicitValuesAreCheckedLikeTheEnvironment() {
        InferenceNodeConfig valid = InferenceNodeConfig.fromEnvironment(env);

        String message = assertThrows(IllegalArgumentException.class, () -> new InferenceNodeConfig(valid.kafka(),
                valid.lake(), valid.ensemble(), NodeName.of("vm1"), List.of(ModelName.of("alpha"), ModelName.of("alpha")),
                valid.stagingDir(), valid.modelCacheDir(), false, Duration.ofSeconds(-1), null, valid.metricsPort(),
                valid.scoring(), -1)).getMessage();

        assertTrue(message.contains("model alpha is named twice"), message);
        assertTrue(message.contains("LOCNESS_MARKET_DAYS must be 0 to 31, was -1"), message);
        assertTrue(message.contains("must be a positive duration"), message);
    }

    @Test
    void marketDaysHaveADefaultAndAreChecked() {
        assertEquals(InferenceNodeConfig.DEFAULT_MARKET_DAYS, InferenceNodeConfig.fromEnvironment(env).marketDays());
        env.put(InferenceNodeConfig.MARKET_DAYS_ENV, "0");
        assertEquals(0, InferenceNodeConfig.fromEnvironment(env).marketDays());

        env.put(InferenceNodeConfig.MARKET_DAYS_ENV, "32");
        String tooMany = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();
        env.put(InferenceNodeConfig.MARKET_DAYS_ENV, "two");
        String notANumber = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();

        assertTrue(tooMany.contains("LOCNESS_MARKET_DAYS must be 0 to 31, was 32"), tooMany);
        assertTrue(notANumber.contains("LOCNESS_MARKET_DAYS"), notANumber);
    }

    @Test
    void batchingAndPrefixCachesHaveDefaultsAndAreChecked() {
        assertEquals(ScoringSettings.DEFAULT, InferenceNodeConfig.fromEnvironment(env).scoring());

        env.put(ScoringSettings.BATCH_SIZE_ENV, "8");
        env.put(ScoringSettings.BATCH_WAIT_ENV, "PT0.2S");
        env.put(ScoringSettings.PREFIX_CACHES_ENV, "3");
        assertEquals(new ScoringSettings(8, Duration.ofMillis(200), 3), InferenceNodeConfig.fromEnvironment(env).scoring());

        env.put(ScoringSettings.BATCH_SIZE_ENV, "0");
        env.put(ScoringSettings.BATCH_WAIT_ENV, "soon");
        env.put(ScoringSettings.PREFIX_CACHES_ENV, "0");
        String message = assertThrows(IllegalArgumentException.class, () -> InferenceNodeConfig.fromEnvironment(env))
                .getMessage();
        assertTrue(message.contains("LOCNESS_BATCH_SIZE must be 1 to 64, was 0"), message);
        assertTrue(message.contains("LOCNESS_BATCH_WAIT: 'soon' is not an ISO-8601 duration"), message);
        assertTrue(message.contains("LOCNESS_PREFIX_CACHES must be at least 1, was 0"), message);
    }
}
