package org.locness.infra.strimzi;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** One YAML document of a manifest file. */
record Manifest(Path file, int document, JsonNode content) {
    String apiVersion() {
        return content.path("apiVersion").asString("");
    }

    String kind() {
        return content.path("kind").asString("");
    }

    String name() {
        return content.path("metadata").path("name").asString("");
    }

    JsonNode spec() {
        return content.path("spec");
    }

    /** Where the document is, for failure messages: {@code users.yaml#3 KafkaUser cli}. */
    String where() {
        return file.getFileName() + "#" + document + " " + kind() + " " + name();
    }
}
