package org.locness.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shape of a KV-cache model's cache, {@code [layers, batch, heads, tokens, headDim]}, read
 * from its {@code config.json}: {@code layers}, {@code heads} (or {@code kvHeads} where keys and
 * values have fewer heads than queries) and {@code headDim} (default {@code dModel / heads}).
 * The Java side needs it only to hand the model an empty cache.
 */
record KvCacheLayout(int layers, int heads, int headDim) {

    private static final ObjectMapper JSON = new ObjectMapper();

    KvCacheLayout {
        if (layers < 1 || heads < 1 || headDim < 1) {
            throw new IllegalArgumentException("layers, heads and headDim must be positive, got "
                    + layers + ", " + heads + ", " + headDim);
        }
    }

    static KvCacheLayout read(Path configFile) {
        JsonNode root;
        try {
            root = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + configFile.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        int layers = positive(root, "layers", configFile);
        int heads = positive(root, "heads", configFile);
        int kvHeads = root.has("kvHeads") ? positive(root, "kvHeads", configFile) : heads;
        int headDim;
        if (root.has("headDim")) {
            headDim = positive(root, "headDim", configFile);
        } else {
            int dModel = positive(root, "dModel", configFile);
            if (dModel % heads != 0) {
                throw new ModelLoadException(configFile.toAbsolutePath() + ": dModel " + dModel
                        + " is not a multiple of heads " + heads + "; give headDim");
            }
            headDim = dModel / heads;
        }
        return new KvCacheLayout(layers, kvHeads, headDim);
    }

    private static int positive(JsonNode root, String key, Path configFile) {
        JsonNode value = root == null ? null : root.get(key);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw new ModelLoadException(configFile.toAbsolutePath() + " needs \"" + key
                    + "\", a positive integer, for a KV-cache model");
        }
        return value.intValue();
    }
}
