package org.locness.events.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.Event;
import org.locness.events.EventSamples;
import org.locness.events.InvalidEventException;
import org.locness.events.id.IdentifierSamples;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.s3.MinioEventFormat;
import org.locness.events.s3.MinioEventParser;
import org.locness.events.s3.MinioFixtures;
import org.locness.events.s3.S3EventKind;
import org.locness.events.topic.Topic;

/** The shipped schemas accept what the serializer writes and reject what the parsers reject. */
class EventSchemasTest {
    /** Format assertions on, as a strict consumer would run them: they make "2026-02-30" invalid. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<Topic, Schema> SCHEMAS = new EnumMap<>(Topic.class);

    private static Schema schema(Topic topic) {
        return SCHEMAS.computeIfAbsent(topic, t -> REGISTRY.getSchema(resource(t)));
    }

    private static InputStream resource(Topic topic) {
        InputStream in = EventSchemas.class.getResourceAsStream(EventSchemas.schemaFor(topic));
        assertNotNull(in, () -> "no schema shipped for " + topic.topicName());
        return in;
    }

    private static JsonNode tree(Topic topic) {
        try (InputStream in = resource(topic)) {
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> errors(Topic topic, String json) {
        return schema(topic).validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyTopicShipsADraft202012Schema(Topic topic) {
        JsonNode schema = tree(topic);
        assertEquals("/schemas/" + topic.topicName() + ".schema.json", EventSchemas.schemaFor(topic));
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertEquals("urn:locness:schema:" + topic.topicName(), schema.path("$id").asText());
        assertFalse(schema.path("title").asText().isBlank());
        assertEquals("object", schema.path("type").asText());
    }

    static Stream<Event> samples() {
        return EventSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void whatTheSerializerWritesIsValid(Event event) {
        assertEquals(List.of(), errors(event.topic(), EventJson.write(event)));
    }

    @Test
    void whatTheEmbeddedLakeWritesIsValid() {
        for (S3EventKind kind : List.of(S3EventKind.PUT, S3EventKind.COPY, S3EventKind.DELETE)) {
            byte[] body = MinioEventFormat.notification(kind, "lake", "pre-swept/BTC/bars 1.parquet", 2048, "9b2cf535f27731c974343645a3985328",
                    "application/octet-stream", Instant.parse("2026-11-27T08:15:02.123Z"), "1795B5F1D7DBB3A4", "http://127.0.0.1:9000");
            assertEquals(List.of(), errors(Topic.LAKE_OBJECT_EVENTS, new String(body, StandardCharsets.UTF_8)), kind::name);
        }
    }

    @ParameterizedTest
    @MethodSource("org.locness.events.s3.MinioFixtures#names")
    void minioNotificationsAreValid(String fixture) {
        assertEquals(List.of(), errors(Topic.LAKE_OBJECT_EVENTS, new String(MinioFixtures.read(fixture), StandardCharsets.UTF_8)));
    }

    /** Each payload breaks the contract: the schema and the Java parser must both say so. */
    static Stream<Arguments> invalid() {
        String bareRecord = "{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"lake\"},\"object\":{\"key\":\"\"}}}";
        return Stream.of(
                Arguments.of(Topic.JOBS_REQUESTED, "{}"),
                Arguments.of(Topic.JOBS_REQUESTED, "{\"symbol\":123}"),
                Arguments.of(Topic.JOBS_REQUESTED, "{\"symbol\":\"../etc\"}"),
                Arguments.of(Topic.JOBS_REQUESTED, "{\"symbol\":\"btc\"}"),
                Arguments.of(Topic.JOBS_REQUESTED, "{\"symbol\":\"BTC\",\"jobId\":\"" + "J".repeat(200) + "\"}"),
                Arguments.of(Topic.JOBS_REQUESTED, "{\"symbol\":\"BTC\",\"date\":\"2026-02-30\"}"),
                Arguments.of(Topic.JOBS_REQUESTED, "{\"symbol\":\"BTC\",\"models\":[\"gemma-7b\",\"gemma-7b\"]}"),
                Arguments.of(Topic.JOBS_REQUESTED, "{\"symbol\":\"BTC\",\"models\":[]}"),
                Arguments.of(Topic.JOBS_READY, Payloads.edit(EventSamples.jobReady(), n -> n.remove("inputKeys"))),
                Arguments.of(Topic.JOBS_READY, Payloads.edit(EventSamples.jobReady(),
                        n -> Payloads.at(n, "/expectedModels/0").put("weight", 0))),
                Arguments.of(Topic.JOBS_READY, Payloads.edit(EventSamples.jobReady(),
                        n -> n.putArray("inputKeys").add("pre-swept/../etc/passwd"))),
                Arguments.of(Topic.JOBS_READY, Payloads.edit(EventSamples.jobReady(), n -> n.put("requestedAt", "yesterday"))),
                Arguments.of(Topic.INFERENCE_COMPLETED, Payloads.edit(EventSamples.inferenceSucceeded(),
                        n -> n.remove("probabilities"))),
                Arguments.of(Topic.INFERENCE_COMPLETED, Payloads.edit(EventSamples.inferenceSucceeded(),
                        n -> n.putObject("probabilities").put("up", 1.5).put("down", -0.5))),
                Arguments.of(Topic.INFERENCE_COMPLETED, Payloads.edit(EventSamples.inferenceFailed(),
                        n -> n.putObject("probabilities").put("up", 1.0))),
                Arguments.of(Topic.INFERENCE_COMPLETED, Payloads.edit(EventSamples.inferenceFailed(), n -> n.remove("reason"))),
                Arguments.of(Topic.INFERENCE_COMPLETED, Payloads.edit(EventSamples.inferenceSucceeded(),
                        n -> Payloads.at(n, "/timings").put("promptTokens", -1))),
                Arguments.of(Topic.RESULTS_STAGED, Payloads.edit(EventSamples.resultSucceeded(), n -> n.remove("resultKey"))),
                Arguments.of(Topic.RESULTS_STAGED, Payloads.edit(EventSamples.resultSucceeded(), n -> n.put("status", "DONE"))),
                Arguments.of(Topic.PREDICTIONS_CONSENSUS, Payloads.edit(EventSamples.consensusPartial(),
                        n -> n.put("partial", false))),
                Arguments.of(Topic.PREDICTIONS_CONSENSUS, Payloads.edit(EventSamples.consensusComplete(),
                        n -> n.remove("prediction"))),
                Arguments.of(Topic.PREDICTIONS_CONSENSUS, Payloads.edit(EventSamples.consensusFailed(), n -> n.remove("reason"))),
                Arguments.of(Topic.PATTERNS_UNIFIED, Payloads.edit(EventSamples.patternsUnified(), n -> n.put("rows", -1))),
                Arguments.of(Topic.PATTERNS_UNIFIED, Payloads.edit(EventSamples.patternsUnified(), n -> n.put("key", "a//b"))),
                Arguments.of(Topic.CONTEXT_DAILY_READY, Payloads.edit(EventSamples.dailyContextReady(),
                        n -> n.put("skipped", "XRP"))),
                Arguments.of(Topic.LAKE_OBJECT_EVENTS, "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"lake/a\",\"Records\":[]}"),
                Arguments.of(Topic.LAKE_OBJECT_EVENTS, "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\"}]}"),
                Arguments.of(Topic.LAKE_OBJECT_EVENTS, "{\"Records\":[" + bareRecord + "]}"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalid")
    void invalidPayloadsAreRejectedByTheSchemaAndByTheParser(Topic topic, String json) {
        assertFalse(errors(topic, json).isEmpty(), "schema accepted it");
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidEventException.class, () -> {
            if (topic == Topic.LAKE_OBJECT_EVENTS) {
                MinioEventParser.parse(payload);
            } else {
                EventCodec.of(EventSamples.typeOf(topic)).parse(payload);
            }
        }, "parser accepted it");
    }

    private static final Map<String, Class<?>> IDENTIFIERS = Map.of("symbol", Symbol.class, "jobId", JobId.class,
            "model", ModelName.class, "node", NodeName.class, "objectKey", ObjectKey.class, "date", TradingDate.class);

    @Test
    void identifierPatternsAreTheJavaPatterns() throws ReflectiveOperationException {
        for (Topic topic : Topic.values()) {
            JsonNode defs = tree(topic).path("$defs");
            for (Map.Entry<String, Class<?>> id : IDENTIFIERS.entrySet()) {
                if (defs.has(id.getKey())) {
                    Field field = id.getValue().getDeclaredField("PATTERN");
                    field.setAccessible(true);
                    assertEquals(((Pattern) field.get(null)).pattern(), defs.path(id.getKey()).path("pattern").asText(),
                            () -> topic.topicName() + " $defs/" + id.getKey());
                }
            }
        }
    }

    @Test
    void sharedDefinitionsAreTheSameInEverySchema() {
        Map<String, JsonNode> first = new HashMap<>();
        for (Topic topic : Topic.values()) {
            tree(topic).path("$defs").fields().forEachRemaining(def -> {
                JsonNode seen = first.putIfAbsent(def.getKey(), def.getValue());
                assertTrue(seen == null || seen.equals(def.getValue()), () -> topic.topicName() + " $defs/" + def.getKey());
            });
        }
    }

    static Stream<Arguments> identifierValues() {
        return Stream.concat(IdentifierSamples.accepted(), IdentifierSamples.rejected());
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("identifierValues")
    void schemaAndJavaAgreeOnEveryIdentifier(String field, String value) {
        String def = field.equals("key") ? "objectKey" : field;
        Schema schema = REGISTRY.getSchema(EventJson.write(tree(Topic.JOBS_READY).path("$defs").path(def)));
        boolean schemaAccepts = schema.validate(EventJson.write(value), InputFormat.JSON).isEmpty();
        boolean javaAccepts;
        try {
            IdentifierSamples.parse(field, value);
            javaAccepts = true;
        } catch (InvalidEventException e) {
            javaAccepts = false;
        }
        assertEquals(javaAccepts, schemaAccepts);
    }
}
