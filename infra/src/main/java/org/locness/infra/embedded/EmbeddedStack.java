package org.locness.infra.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.locness.events.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for the cluster: a KRaft broker with every registry topic, an S3 lake that
 * publishes MinIO-format object events, and (optionally) a Temporal endpoint. Components connect to
 * it through the same environment variables they use in production ({@link #environment()}).
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedLake lake;
    private final EmbeddedTemporal temporal;
    private final long startupMillis;

    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedLake lake, EmbeddedTemporal temporal, long startupMillis) {
        this.kafka = kafka;
        this.lake = lake;
        this.temporal = temporal;
        this.startupMillis = startupMillis;
    }

    public static EmbeddedStack start(StackOptions options) throws Exception {
        long started = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(options.kafkaPort(), options.dataDir().resolve("kafka"),
                options.deleteOnClose());
        EmbeddedLake lake = null;
        EmbeddedTemporal temporal = null;
        try {
            lake = EmbeddedLake.start(options.s3Port(), options.dataDir().resolve("lake"),
                    KafkaSettings.plain(kafka.bootstrap()), options.accessKey(), options.secretKey(),
                    options.deleteOnClose());
            if (options.temporal()) {
                temporal = EmbeddedTemporal.start(options.temporalPort());
            }
        } catch (Exception e) {
            if (lake != null) {
                lake.close();
            }
            kafka.close();
            throw e;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("embedded stack ready in {} ms", millis);
        if (options.deleteOnClose()) {
            options.dataDir().toFile().deleteOnExit();
        }
        return new EmbeddedStack(kafka, lake, temporal, millis);
    }

    public String kafkaBootstrap() {
        return kafka.bootstrap();
    }

    public KafkaSettings kafkaSettings() {
        return KafkaSettings.plain(kafka.bootstrap());
    }

    public String s3Endpoint() {
        return lake.endpoint();
    }

    public String s3AccessKey() {
        return lake.accessKey();
    }

    public String s3SecretKey() {
        return lake.secretKey();
    }

    public Path lakeDataDir() {
        return lake.dataDir();
    }

    public Optional<String> temporalTarget() {
        return Optional.ofNullable(temporal).map(EmbeddedTemporal::target);
    }

    public long startupMillis() {
        return startupMillis;
    }

    /**
     * Stops the broker and starts it again on the same port and data, under whatever is connected.
     *
     * @return milliseconds from the stop until the broker serves again
     */
    public long restartKafka() {
        return kafka.restart();
    }

    /** The variables a component reads at start-up, pointing at this stack. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCNESS_KAFKA_BOOTSTRAP", kafka.bootstrap());
        env.put("LOCNESS_S3_ENDPOINT", lake.endpoint());
        env.put("LOCNESS_S3_ACCESS_KEY", lake.accessKey());
        env.put("LOCNESS_S3_SECRET_KEY", lake.secretKey());
        temporalTarget().ifPresent(t -> env.put("LOCNESS_TEMPORAL_TARGET", t));
        return env;
    }

    @Override
    public void close() throws Exception {
        try {
            if (temporal != null) {
                temporal.close();
            }
            lake.close();
        } finally {
            kafka.close();
        }
    }
}
