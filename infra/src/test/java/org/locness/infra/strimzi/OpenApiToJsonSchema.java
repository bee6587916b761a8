package org.locness.infra.strimzi;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a CRD's {@code openAPIV3Schema} into a JSON Schema that checks what the API server checks.
 *
 * <ul>
 *   <li>An object schema with {@code properties} gets {@code additionalProperties: false}: kubectl
 *       asks the API server for strict field validation, so an unknown or misspelt field is an
 *       error, while plain JSON Schema would accept it. Objects marked
 *       {@code x-kubernetes-preserve-unknown-fields} (like a topic's {@code config}) and maps
 *       ({@code additionalProperties} given) stay open.</li>
 *   <li>{@code x-kubernetes-*} keywords and OpenAPI's {@code example} are dropped. The int-or-string
 *       fields already say {@code anyOf: [integer, string]}; the few CEL rules
 *       ({@code x-kubernetes-validations}) are not evaluated.</li>
 * </ul>
 */
final class OpenApiToJsonSchema {
    private static final String PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";

    private OpenApiToJsonSchema() {
    }

    static ObjectNode convert(JsonNode openApi) {
        return (ObjectNode) convertNode(openApi);
    }

    private static JsonNode convertNode(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(convertNode(element)));
            return out;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            if (key.startsWith("x-kubernetes-") || key.equals("example")) {
                continue;
            }
            // Under "properties" the keys are field names, not keywords: keep every one.
            out.set(key, key.equals("properties") ? convertProperties(entry.getValue()) : convertNode(entry.getValue()));
        }
        if (isClosedObject(node)) {
            out.put("additionalProperties", false);
        }
        return out;
    }

    private static JsonNode convertProperties(JsonNode properties) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : properties.properties()) {
            out.set(field.getKey(), convertNode(field.getValue()));
        }
        return out;
    }

    private static boolean isClosedObject(JsonNode schema) {
        return "object".equals(schema.path("type").asString(""))
                && schema.has("properties")
                && !schema.has("additionalProperties")
                && !schema.path(PRESERVE_UNKNOWN).asBoolean(false);
    }
}
