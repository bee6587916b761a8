package org.locness.infra.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * Ports (0 = any free port), where the stack keeps its data, whether Temporal runs, whether the
 * data goes when the stack stops (tests) or stays (the demo's data directory), and the KafkaUser CRs
 * that secure the broker (null: PLAINTEXT, anyone may do anything).
 */
public record StackOptions(int kafkaPort, int s3Port, int temporalPort, Path dataDir, boolean temporal,
        boolean deleteOnClose, String accessKey, String secretKey, Path kafkaUsers) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_TEMPORAL_PORT = 7233;

    /** Where a kept data dir holds the S3 secret it generated, readable by its owner only. */
    public static final String SECRET_FILE = "s3-secret-key";

    /** A PLAINTEXT broker, the default. */
    public StackOptions(int kafkaPort, int s3Port, int temporalPort, Path dataDir, boolean temporal,
            boolean deleteOnClose, String accessKey, String secretKey) {
        this(kafkaPort, s3Port, temporalPort, dataDir, temporal, deleteOnClose, accessKey, secretKey, null);
    }

    /**
     * The same stack with Kafka as in production: SCRAM-SHA-512 for the KafkaUsers of
     * {@code usersFile} (Strimzi CRs), each with a password generated at start, and only their ACLs.
     */
    public StackOptions withSecureKafka(Path usersFile) {
        return new StackOptions(kafkaPort, s3Port, temporalPort, dataDir, temporal, deleteOnClose, accessKey, secretKey,
                usersFile);
    }

    public boolean secureKafka() {
        return kafkaUsers != null;
    }

    /**
     * Fixed ports for `locness stack` and the demo. S3 credentials come from LOCNESS_S3_ACCESS_KEY /
     * LOCNESS_S3_SECRET_KEY when set; else a random secret, which a kept data dir keeps, so that
     * components still connected after a restart on it still authenticate.
     */
    public static StackOptions local(int kafkaPort, int s3Port, int temporalPort, Path dataDir, boolean temporal,
            boolean deleteOnClose, Map<String, String> env) {
        String secret = env.get("LOCNESS_S3_SECRET_KEY");
        if (secret == null) {
            secret = deleteOnClose ? Credentials.randomSecret() : Credentials.keptSecret(dataDir.resolve(SECRET_FILE));
        }
        return new StackOptions(kafkaPort, s3Port, temporalPort, dataDir, temporal, deleteOnClose,
                env.getOrDefault("LOCNESS_S3_ACCESS_KEY", "locness"), secret);
    }

    /** Random ports and a temporary directory that is removed on close: what tests want. */
    public static StackOptions ephemeral(Path dataDir, boolean temporal) {
        return new StackOptions(0, 0, 0, dataDir, temporal, true, "locness", Credentials.randomSecret());
    }
}
