package org.locness.events.json;

import static org.locness.events.json.Payloads.assertRejected;
import static org.locness.events.json.Payloads.edit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.EventSamples;
import org.locness.events.consensus.ConsensusPrediction;

class ConsensusPredictionCodecTest {
    private static Arguments complete(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.consensusComplete(), change), field, reason);
    }

    private static Arguments partial(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.consensusPartial(), change), field, reason);
    }

    private static Arguments failed(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.consensusFailed(), change), field, reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                complete("partial flag on a complete consensus", n -> n.put("partial", true), "partial",
                        "must be true exactly when status is PARTIAL"),
                partial("partial consensus not flagged", n -> n.put("partial", false), "partial",
                        "must be true exactly when status is PARTIAL"),
                complete("prediction that is not a label", n -> n.put("prediction", "sideways"), "prediction",
                        "'sideways' is not one of the labels"),
                complete("missing prediction", n -> n.remove("prediction"), "prediction", "is required"),
                complete("probabilities not summing to 1", n -> n.putObject("probabilities").put("up", 0.6),
                        "probabilities", "must sum to 1, sums to 0.6"),
                complete("NaN confidence", n -> n.put("confidence", "NaN"), "confidence",
                        "must be a finite number >= 0, was NaN"),
                complete("negative entropy", n -> n.put("entropy", -0.1), "entropy", "must be a finite number >= 0"),
                complete("missing modelsUsed", n -> n.remove("modelsUsed"), "modelsUsed", "is required"),
                partial("upper-case missing model", n -> n.putArray("modelsMissing").add("Qwen-7b"), "modelsMissing[0]",
                        "is not a model name"),
                complete("missing publishedAt", n -> n.remove("publishedAt"), "publishedAt", "is required"),
                failed("failure without a reason", n -> n.remove("reason"), "reason", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidConsensusIsRejectedNamingTheField(String name, String json, String field, String reason) {
        assertRejected(ConsensusPrediction.class, json, field, reason);
    }
}
