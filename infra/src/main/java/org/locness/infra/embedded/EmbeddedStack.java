package org.locness.infra.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for the cluster: a KRaft broker with every registry topic, an S3 lake that
 * publishes MinIO-format object events, and (optionally) a Temporal endpoint. Components connect to
 * it through the same environment variables they use in production ({@link #environment()}).
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
    /** Whose credentials a secured stack hands out: the operator's tools' user (Component.OPERATOR). */
    public static final String OPERATOR = StrimziKafkaUsers.userName(Component.OPERATOR);

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
        Optional<KafkaSecurity> security = options.secureKafka()
                ? Optional.of(KafkaSecurity.generate(StrimziKafkaUsers.read(options.kafkaUsers())))
                : Optional.empty();
        EmbeddedKafka kafka = EmbeddedKafka.start(options.kafkaPort(), options.dataDir().resolve("kafka"),
                options.deleteOnClose(), security);
        EmbeddedLake lake = null;
        EmbeddedTemporal temporal = null;
        try {
            // The lake stands in for MinIO, so it publishes object events as MinIO's KafkaUser.
            lake = EmbeddedLake.start(options.s3Port(), options.dataDir().resolve("lake"),
                    settings(kafka, StrimziKafkaUsers.userName(Component.MINIO)), options.accessKey(),
                    options.secretKey(), options.deleteOnClose());
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

    /** The operator's settings: PLAINTEXT, or the operator's KafkaUser when the broker is secured. */
    public KafkaSettings kafkaSettings() {
        return settings(kafka, OPERATOR);
    }

    /**
     * The settings of one KafkaUser ({@link StrimziKafkaUsers#userName}); on a PLAINTEXT broker,
     * where there are no users, the plain settings.
     */
    public KafkaSettings kafkaSettings(String user) {
        return settings(kafka, user);
    }

    private static KafkaSettings settings(EmbeddedKafka kafka, String user) {
        return kafka.security().map(s -> s.settings(kafka.bootstrap(), user))
                .orElseGet(() -> KafkaSettings.plain(kafka.bootstrap()));
    }

    /** The broker's KafkaUsers, in the CRs' order; none on a PLAINTEXT broker. */
    public List<String> kafkaUsers() {
        return kafka.security().map(KafkaSecurity::userNames).orElse(List.of());
    }

    public boolean kafkaSecured() {
        return kafka.security().isPresent();
    }

    /** An admin client as the broker itself (a super user): for setting up tests, not for components. */
    public Admin kafkaAdmin() {
        return kafka.admin();
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
        if (kafkaSecured()) {
            KafkaSettings operator = kafkaSettings();
            env.put("LOCNESS_KAFKA_USERNAME", operator.username());
            env.put("LOCNESS_KAFKA_PASSWORD", operator.password());
        }
        env.put("LOCNESS_S3_ENDPOINT", lake.endpoint());
        env.put("LOCNESS_S3_ACCESS_KEY", lake.accessKey());
        env.put("LOCNESS_S3_SECRET_KEY", lake.secretKey());
        temporalTarget().ifPresent(t -> env.put("LOCNESS_TEMPORAL_TARGET", t));
        return env;
    }

    /**
     * The variables {@code component} reads at start-up: as {@link #environment()}, but with its own
     * KafkaUser's credentials when the broker is secured, so it can do exactly what its ACLs allow.
     */
    public Map<String, String> environment(Component component) {
        Map<String, String> env = environment();
        if (kafkaSecured()) {
            KafkaSettings own = kafkaSettings(StrimziKafkaUsers.userName(component));
            env.put("LOCNESS_KAFKA_USERNAME", own.username());
            env.put("LOCNESS_KAFKA_PASSWORD", own.password());
        }
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
