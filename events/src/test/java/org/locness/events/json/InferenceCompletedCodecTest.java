package org.locness.events.json;

import static org.locness.events.json.Payloads.assertRejected;
import static org.locness.events.json.Payloads.at;
import static org.locness.events.json.Payloads.edit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.EventSamples;
import org.locness.events.inference.InferenceCompleted;

class InferenceCompletedCodecTest {
    private static Arguments succeeded(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.inferenceSucceeded(), change), field, reason);
    }

    private static Arguments failed(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.inferenceFailed(), change), field, reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                succeeded("probabilities not summing to 1",
                        n -> n.putObject("probabilities").put("up", 0.5).put("down", 0.3).put("flat", 0.1),
                        "probabilities", "must sum to 1, sums to 0.9"),
                succeeded("NaN probability (as JSON has no NaN, sent as text)",
                        n -> n.putObject("probabilities").put("up", "NaN").put("down", 1.0), "probabilities.up",
                        "must be a probability in [0, 1], was NaN"),
                succeeded("probability above 1", n -> n.putObject("probabilities").put("up", 1.5).put("down", -0.5),
                        "probabilities.up", "must be a probability in [0, 1], was 1.5"),
                succeeded("no probabilities", n -> n.putObject("probabilities"), "probabilities", "must not be empty"),
                succeeded("probability as text", n -> at(n, "/probabilities").put("up", "0.6"), "probabilities.up",
                        "has the wrong type: expected a number"),
                succeeded("missing outputPath", n -> n.remove("outputPath"), "outputPath", "is required"),
                succeeded("blank patternsPath", n -> n.put("patternsPath", "  "), "patternsPath", "must not be blank"),
                succeeded("missing signature", n -> n.remove("signature"), "signature", "is required"),
                succeeded("unknown status", n -> n.put("status", "DONE"), "status", "one of [SUCCEEDED, FAILED]"),
                succeeded("upper-case node", n -> n.put("node", "VM1"), "node", "is not a node name"),
                succeeded("number for model", n -> n.put("model", 7), "model", "has the wrong type: expected a string"),
                succeeded("missing timings", n -> n.remove("timings"), "timings", "is required"),
                succeeded("negative prompt tokens", n -> at(n, "/timings").put("promptTokens", -1),
                        "timings.promptTokens", "must not be negative, was -1"),
                succeeded("fractional milliseconds", n -> at(n, "/timings").put("totalMillis", 1.5), "timings.totalMillis",
                        "has the wrong type: expected a number"),
                failed("failure without a reason", n -> n.remove("reason"), "reason", "is required"),
                failed("failure with probabilities", n -> n.putObject("probabilities").put("up", 1.0), "probabilities",
                        "must be absent when status is FAILED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidResultsAreRejectedNamingTheField(String name, String json, String field, String reason) {
        assertRejected(InferenceCompleted.class, json, field, reason);
    }

    @Test
    void aBareNaNIsNotJsonAndIsRejectedAtItsField() {
        String json = EventJson.write(EventSamples.inferenceSucceeded()).replace("\"up\":0.6", "\"up\":NaN");
        assertRejected(InferenceCompleted.class, json, "probabilities", "Non-standard token 'NaN'");
    }
}
