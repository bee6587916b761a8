package org.locness.infra.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * Ports (0 = any free port), where the stack keeps its data, whether Temporal runs, and whether the
 * data goes when the stack stops (tests) or stays (the demo's data directory).
 */
public record StackOptions(int kafkaPort, int s3Port, int temporalPort, Path dataDir, boolean temporal,
        boolean deleteOnClose, String accessKey, String secretKey) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_TEMPORAL_PORT = 7233;

    /**
     * Fixed ports for `locness stack` and the demo. S3 credentials come from LOCNESS_S3_ACCESS_KEY /
     * LOCNESS_S3_SECRET_KEY when set, else a fresh random secret.
     */
    public static StackOptions local(int kafkaPort, int s3Port, int temporalPort, Path dataDir, boolean temporal,
            boolean deleteOnClose, Map<String, String> env) {
        return new StackOptions(kafkaPort, s3Port, temporalPort, dataDir, temporal, deleteOnClose,
                env.getOrDefault("LOCNESS_S3_ACCESS_KEY", "locness"),
                env.getOrDefault("LOCNESS_S3_SECRET_KEY", Credentials.randomSecret()));
    }

    /** Random ports and a temporary directory that is removed on close: what tests want. */
    public static StackOptions ephemeral(Path dataDir, boolean temporal) {
        return new StackOptions(0, 0, 0, dataDir, temporal, true, "locness", Credentials.randomSecret());
    }
}
