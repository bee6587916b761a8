package org.locness.infra.strimzi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiToJsonSchemaTest {
    private final ObjectNode converted = OpenApiToJsonSchema.convert(yaml("""
            type: object
            x-kubernetes-validations: [{rule: "self.a > 0"}]
            properties:
              example: {type: string}
              spec:
                type: object
                example: {a: 1}
                properties:
                  config: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
                  labels: {type: object, additionalProperties: {type: string}}
                  opaque: {type: object}
                  size: {anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}
                  items:
                    type: array
                    items: {type: object, properties: {name: {type: string}}}
            """));

    @Test
    void closesObjectsThatListTheirFields() {
        assertFalse(converted.path("additionalProperties").asBoolean(true));
        assertFalse(converted.path("properties").path("spec").path("additionalProperties").asBoolean(true));
        assertFalse(converted.at("/properties/spec/properties/items/items/additionalProperties").asBoolean(true));
    }

    @Test
    void leavesMapsFreeFormAndPreservedObjectsOpen() {
        JsonNode fields = converted.at("/properties/spec/properties");

        assertTrue(fields.path("config").path("additionalProperties").isMissingNode());
        assertEquals("string", fields.path("labels").path("additionalProperties").path("type").asString());
        assertTrue(fields.path("opaque").path("additionalProperties").isMissingNode());
    }

    @Test
    void dropsKubernetesExtensionsAndExamplesButNotFieldsOfThoseNames() {
        assertFalse(converted.has("x-kubernetes-validations"));
        assertFalse(converted.at("/properties/spec").has("example"));
        assertFalse(converted.at("/properties/spec/properties/config").has("x-kubernetes-preserve-unknown-fields"));
        assertFalse(converted.at("/properties/spec/properties/size").has("x-kubernetes-int-or-string"));
        assertEquals(2, converted.at("/properties/spec/properties/size/anyOf").size());
        assertEquals("string", converted.at("/properties/example/type").asString(), "a field called example stays");
    }

    private static JsonNode yaml(String text) {
        return StrimziManifests.parse(Path.of("schema.yaml"), text).get(0).content();
    }
}
