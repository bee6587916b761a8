package org.locness.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's folder, the same locally, in the model cache and under {@code models/<model>/} in
 * the lake:
 *
 * <pre>
 * model.pt        TorchScript: forward(input_ids long[1, T]) -> logits float[1, T, V]
 * tokenizer.json  Hugging Face tokenizer
 * config.json     {"contextLimit": 512, "labels": [" up", " down", " flat"], ...}
 * </pre>
 *
 * @param path the folder
 */
public record ModelDirectory(Path path) {

    /** DJL loads {@code <name>.pt} for {@code optModelName(name)}; the name is always "model". */
    public static final String MODEL_NAME = "model";
    public static final String MODEL_FILE = MODEL_NAME + ".pt";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String CONFIG_FILE = "config.json";

    private static final List<String> REQUIRED = List.of(MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE);

    public Path modelFile() {
        return path.resolve(MODEL_FILE);
    }

    public Path tokenizerFile() {
        return path.resolve(TOKENIZER_FILE);
    }

    public Path configFile() {
        return path.resolve(CONFIG_FILE);
    }

    /** The required files that are not regular files in the folder, in a fixed order. */
    public List<String> missingFiles() {
        List<String> missing = new ArrayList<>();
        for (String file : REQUIRED) {
            if (!Files.isRegularFile(path.resolve(file))) {
                missing.add(file);
            }
        }
        return missing;
    }

    /**
     * Checks that every required file is there.
     *
     * @throws ModelLoadException naming the folder and each missing file
     */
    public void requireComplete() {
        if (!Files.isDirectory(path)) {
            throw new ModelLoadException("model directory " + path.toAbsolutePath() + " does not exist");
        }
        List<String> missing = missingFiles();
        if (!missing.isEmpty()) {
            throw new ModelLoadException("model directory " + path.toAbsolutePath() + " lacks "
                    + String.join(", ", missing) + " (a model folder holds " + String.join(", ", REQUIRED) + ")");
        }
    }
}
