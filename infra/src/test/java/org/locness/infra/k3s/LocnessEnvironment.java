package org.locness.infra.k3s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment the {@code locness} command reads, taken from the sources rather than listed by
 * hand: every {@code "LOCNESS_…"} string literal in a module's {@code src/main/java}. A variable a
 * config class starts to read is known here as soon as it is written, and a manifest variable that
 * no source reads (a typo, a removed setting) is not.
 */
final class LocnessEnvironment {
    private static final Path REPOSITORY = Path.of("..");
    private static final Pattern LITERAL = Pattern.compile("\"(LOCNESS_[A-Z0-9_]+)\"");

    /** Variables the container's libraries read, not locness itself; why each is set is in the manifests. */
    static final Map<String, String> LIBRARIES = Map.of(
            "DJL_CACHE_DIR", "DJL: where it keeps extracted native libraries and downloaded artefacts",
            "OMP_WAIT_POLICY", "libgomp (libtorch's OpenMP runtime): whether idle worker threads spin or sleep",
            "GLIBC_TUNABLES", "glibc: malloc's use of transparent huge pages for libtorch's large tensors, and one arena");

    /**
     * What each command's config refuses to start without (the component's {@code *Config} /
     * {@code KafkaSettings} / {@code LakeSettings} checks: no default, "is required" / "is not set"),
     * keyed by the command's first argument.
     */
    static final Map<String, Set<String>> REQUIRED = Map.of(
            "ingest", Set.of("LOCNESS_KAFKA_BOOTSTRAP", "LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY", "LOCNESS_S3_SECRET_KEY"),
            "inference-node", Set.of("LOCNESS_KAFKA_BOOTSTRAP", "LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY", "LOCNESS_S3_SECRET_KEY",
                    "LOCNESS_NODE"),
            "sweeper", Set.of("LOCNESS_KAFKA_BOOTSTRAP", "LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY", "LOCNESS_S3_SECRET_KEY",
                    "LOCNESS_NODE"),
            "aggregator", Set.of("LOCNESS_KAFKA_BOOTSTRAP", "LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY", "LOCNESS_S3_SECRET_KEY",
                    "LOCNESS_AGGREGATOR_STATE_DIR"),
            "daily-prep", Set.of("LOCNESS_KAFKA_BOOTSTRAP", "LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY", "LOCNESS_S3_SECRET_KEY",
                    "LOCNESS_TEMPORAL_TARGET"),
            "lake", Set.of("LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY", "LOCNESS_S3_SECRET_KEY"));

    /** Command-line options the commands turn into a variable (the cli's service commands), so the args may give it instead. */
    static final Map<String, String> OPTIONS = Map.of(
            "LOCNESS_NODE", "--node",
            "LOCNESS_STAGING_DIR", "--staging-dir",
            "LOCNESS_AGGREGATOR_STATE_DIR", "--state-dir",
            "LOCNESS_ENSEMBLE", "--ensemble",
            "LOCNESS_METRICS_PORT", "--metrics-port");

    private static Set<String> read;

    private LocnessEnvironment() {
    }

    /** Every {@code LOCNESS_*} variable named by a string literal in the main sources of the reactor's modules. */
    static synchronized Set<String> read() {
        if (read == null) {
            Set<String> names = new TreeSet<>();
            for (Path sources : mainSourceRoots()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = LITERAL.matcher(Files.readString(file));
                        while (m.find()) {
                            names.add(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            read = names;
        }
        return read;
    }

    private static List<Path> mainSourceRoots() {
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            return modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
