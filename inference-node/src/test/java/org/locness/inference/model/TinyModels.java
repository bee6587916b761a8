package org.locness.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The generated models, for tests: the six KV-cache models under the repository's {@code models/}
 * folder, and {@link #PLAIN}, one of them exported without a cache into this module's test
 * resources (the fixture of {@link TorchScriptModel}).
 */
public final class TinyModels {

    public static final List<String> NAMES = List.of(
            "gemma-7b-tiny", "mistral-7b-tiny", "gemma-4b-tiny", "qwen-7b-tiny", "gemma-2b-tiny", "phi-3-mini-tiny");

    /** The plain export, {@code forward(input_ids long[1, T]) -> logits float[1, T, V]}. */
    public static final String PLAIN = "plain-tiny";

    static final ObjectMapper JSON = new ObjectMapper();

    private TinyModels() {
    }

    /**
     * {@code -Dlocness.models.dir} if set, else the first {@code models/} folder holding the
     * generator script, walking up from the working directory (the module folder under Maven).
     */
    public static Path root() {
        String configured = System.getProperty("locness.models.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("models");
            if (Files.isRegularFile(candidate.resolve("generate_tiny_models.py"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no models/ folder above " + start + "; set -Dlocness.models.dir");
    }

    /** The folder of one of the six {@link #NAMES}, or of {@link #PLAIN} from the test classpath. */
    public static Path dir(String name) {
        if (PLAIN.equals(name)) {
            URL config = TinyModels.class.getResource("/models/" + PLAIN + "/config.json");
            if (config == null) {
                throw new IllegalStateException("no models/" + PLAIN + " on the test classpath");
            }
            try {
                return Path.of(config.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return root().resolve(name);
    }

    /**
     * What the generator recorded for its fixed prompt: the first {@code sharedLength} characters
     * are the day's shared part, and {@code sameDayOwnParts} are two more jobs of that day (other
     * lengths) to put after it.
     */
    record Reference(String prompt, int sharedLength, List<String> sameDayOwnParts, long[] ids,
            Map<String, Long> labelIds, Map<String, Double> labelProbabilities, float[] lastPositionLogits) {

        String sharedPrefix() {
            return prompt.substring(0, sharedLength);
        }

        String ownPart() {
            return prompt.substring(sharedLength);
        }
    }

    static Reference reference(String name) throws IOException {
        JsonNode root = JSON.readTree(dir(name).resolve("reference.json").toFile());
        long[] ids = new long[root.get("ids").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = root.get("ids").get(i).longValue();
        }
        float[] logits = new float[root.get("lastPositionLogits").size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = root.get("lastPositionLogits").get(i).floatValue();
        }
        Map<String, Long> labelIds = new LinkedHashMap<>();
        root.get("labelIds").properties().forEach(e -> labelIds.put(e.getKey(), e.getValue().longValue()));
        Map<String, Double> probabilities = new LinkedHashMap<>();
        root.get("labelProbabilities").properties().forEach(e -> probabilities.put(e.getKey(), e.getValue().doubleValue()));
        List<String> ownParts = new ArrayList<>();
        root.get("sameDayOwnParts").forEach(part -> ownParts.add(part.textValue()));
        return new Reference(root.get("prompt").textValue(), root.get("sharedLength").intValue(), ownParts, ids,
                labelIds, probabilities, logits);
    }

    /** Copies the files of model {@code name} into {@code target}, leaving out {@code except}. */
    public static Path copy(String name, Path target, String... except) throws IOException {
        Files.createDirectories(target);
        Set<String> skipped = Set.of(except);
        try (Stream<Path> files = Files.list(dir(name))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!skipped.contains(file.getFileName().toString())) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        return target;
    }
}
