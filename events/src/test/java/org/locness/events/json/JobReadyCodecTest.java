package org.locness.events.json;

import static org.locness.events.json.Payloads.assertRejected;
import static org.locness.events.json.Payloads.at;
import static org.locness.events.json.Payloads.edit;

import java.util.function.Consumer;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.EventSamples;
import org.locness.events.job.JobReady;

class JobReadyCodecTest {
    private static Arguments rejects(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, edit(EventSamples.jobReady(), change), field, reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                rejects("missing jobId", n -> n.remove("jobId"), "jobId", "is required"),
                rejects("missing date", n -> n.remove("date"), "date", "is required"),
                rejects("missing requestedAt", n -> n.remove("requestedAt"), "requestedAt", "is required"),
                rejects("missing inputKeys", n -> n.remove("inputKeys"), "inputKeys", "is required"),
                rejects("no inputKeys", n -> n.putArray("inputKeys"), "inputKeys", "must not be empty"),
                rejects("'..' segment in an input key", n -> n.putArray("inputKeys").add("daily-archived/../etc/passwd"),
                        "inputKeys[0]", "has an empty, '.' or '..' path segment"),
                rejects("absolute context key", n -> n.put("contextKey", "/etc/passwd"), "contextKey",
                        "is not a lake object key"),
                rejects("no expected models", n -> n.putArray("expectedModels"), "expectedModels", "must not be empty"),
                rejects("duplicate models", n -> at(n, "/expectedModels/1").put("model", "gemma-7b"), "expectedModels",
                        "contains duplicates"),
                rejects("zero weight", n -> at(n, "/expectedModels/0").put("weight", 0), "expectedModels[0].weight",
                        "must be a finite number > 0, was 0.0"),
                rejects("weight as text", n -> at(n, "/expectedModels/0").put("weight", "1.5"), "expectedModels[0].weight",
                        "has the wrong type: expected a number"),
                rejects("missing node", n -> at(n, "/expectedModels/2").remove("node"), "expectedModels[2].node",
                        "is required"),
                rejects("upper-case node", n -> at(n, "/expectedModels/1").put("node", "VM1"), "expectedModels[1].node",
                        "'VM1' is not a node name"),
                rejects("contextStale as text", n -> n.put("contextStale", "yes"), "contextStale",
                        "has the wrong type: expected true or false"),
                rejects("requestedAt not a time", n -> n.put("requestedAt", "yesterday"), "requestedAt",
                        "has the wrong type: expected an ISO-8601 date-time string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidJobsAreRejectedNamingTheField(String name, String json, String field, String reason) {
        assertRejected(JobReady.class, json, field, reason);
    }
}
