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
import org.locness.events.result.ResultStaged;

class ResultStagedCodecTest {
    private static Arguments succeeded(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.resultSucceeded(), change), field, reason);
    }

    private static Arguments failed(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.resultFailed(), change), field, reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                succeeded("'..' in the result key", n -> n.put("resultKey", "staging/results/../../etc/passwd"), "resultKey",
                        "has an empty, '.' or '..' path segment"),
                succeeded("missing patternsKey", n -> n.remove("patternsKey"), "patternsKey", "is required"),
                succeeded("probabilities not summing to 1", n -> n.putObject("probabilities").put("up", 0.7).put("down", 0.5),
                        "probabilities", "must sum to 1, sums to 1.2"),
                succeeded("NaN probability", n -> n.putObject("probabilities").put("up", "NaN"), "probabilities.up",
                        "was NaN"),
                succeeded("200-character job id", n -> n.put("jobId", "J".repeat(200)), "jobId", "is not a job id"),
                succeeded("lower-case symbol", n -> n.put("symbol", "btc"), "symbol", "'btc' is not a symbol"),
                succeeded("date that does not exist", n -> n.put("date", "2026-02-30"), "date",
                        "'2026-02-30' does not exist in the calendar"),
                succeeded("missing expectedModels", n -> n.remove("expectedModels"), "expectedModels", "is required"),
                failed("failure without a reason", n -> n.put("reason", ""), "reason", "must not be blank"),
                failed("failure with probabilities", n -> n.putObject("probabilities").put("up", 1.0), "probabilities",
                        "must be absent when status is FAILED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidResultsAreRejectedNamingTheField(String name, String json, String field, String reason) {
        assertRejected(ResultStaged.class, json, field, reason);
    }
}
