package org.locness.infra.strimzi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The repository's {@code strimzi/} folder, every YAML document of it parsed. */
final class StrimziManifests {
    static final String FOLDER = "strimzi";

    /** Kubernetes rejects a mapping with a repeated key; Jackson would silently keep the last one. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrimziManifests() {
    }

    /** The folder, found from the module's working directory upwards. */
    static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(FOLDER)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve(FOLDER);
            }
        }
        throw new IllegalStateException("no " + FOLDER + "/ folder beside a pom.xml above " + Path.of("").toAbsolutePath());
    }

    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of every YAML file, in file order. */
    static List<Manifest> all() {
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles()) {
            try {
                all.addAll(parse(file, Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    static List<Manifest> ofKind(String kind) {
        return all().stream().filter(m -> m.kind().equals(kind)).toList();
    }

    /** The documents of one multi-document YAML text; empty documents (a lone {@code ---}) are skipped. */
    static List<Manifest> parse(Path file, String yaml) {
        List<Manifest> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                index++;
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(new Manifest(file, index, document));
                }
            }
        }
        return documents;
    }
}
