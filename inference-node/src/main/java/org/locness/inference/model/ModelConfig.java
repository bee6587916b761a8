package org.locness.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What the loader reads from a model's {@code config.json}; other keys (provenance, sizes) are
 * ignored.
 *
 * @param contextLimit the most tokens a prompt may have
 * @param labels the label candidates; {@link #DEFAULT_LABELS} when the file names none
 */
record ModelConfig(int contextLimit, List<String> labels) {

    static final List<String> DEFAULT_LABELS = List.of(" up", " down", " flat");

    private static final ObjectMapper JSON = new ObjectMapper();

    ModelConfig {
        labels = List.copyOf(labels);
    }

    static ModelConfig read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(file.toAbsolutePath() + " is not a JSON object");
        }
        JsonNode limit = root.get("contextLimit");
        if (limit == null || !limit.canConvertToInt() || !limit.isIntegralNumber() || limit.intValue() < 1) {
            throw new ModelLoadException(file.toAbsolutePath() + " needs \"contextLimit\", a positive integer");
        }
        JsonNode labelsNode = root.get("labels");
        if (labelsNode == null) {
            return new ModelConfig(limit.intValue(), DEFAULT_LABELS);
        }
        List<String> labels = new ArrayList<>();
        if (labelsNode.isArray()) {
            for (JsonNode label : labelsNode) {
                if (!label.isTextual() || label.textValue().isEmpty()) {
                    throw new ModelLoadException(file.toAbsolutePath() + ": every label must be a non-empty string, got " + label);
                }
                labels.add(label.textValue());
            }
        }
        if (labels.size() < 2 || new HashSet<>(labels).size() != labels.size()) {
            throw new ModelLoadException(file.toAbsolutePath() + ": \"labels\" must list at least two distinct strings, got " + labelsNode);
        }
        return new ModelConfig(limit.intValue(), labels);
    }
}
