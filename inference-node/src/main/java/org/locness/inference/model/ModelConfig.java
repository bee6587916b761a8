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
 * @param kvCache whether the module hands back its KV cache ({@code "interface": "kv-cache"},
 *     loaded as a {@link KvCacheModel}) or only logits ({@code "logits"}, the default, loaded as a
 *     {@link TorchScriptModel})
 */
record ModelConfig(int contextLimit, List<String> labels, boolean kvCache) {

    static final List<String> DEFAULT_LABELS = List.of(" up", " down", " flat");

    private static final ObjectMapper JSON = new ObjectMapper();

    ModelConfig {
        labels = List.copyOf(labels);
    }

    /** Reads {@code file}; {@link ModelLoadException} names what is missing or wrong. */
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
        boolean kvCache = kvCache(root, file);
        JsonNode labelsNode = root.get("labels");
        if (labelsNode == null) {
            return new ModelConfig(limit.intValue(), DEFAULT_LABELS, kvCache);
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
        return new ModelConfig(limit.intValue(), labels, kvCache);
    }

    private static boolean kvCache(JsonNode root, Path file) {
        JsonNode kind = root.get("interface");
        if (kind == null || kind.isTextual() && kind.textValue().equals("logits")) {
            return false;
        }
        if (kind.isTextual() && kind.textValue().equals("kv-cache")) {
            return true;
        }
        throw new ModelLoadException(file.toAbsolutePath() + ": \"interface\" must be \"kv-cache\" or \"logits\", got "
                + kind);
    }
}
