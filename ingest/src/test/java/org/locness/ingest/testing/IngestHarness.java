package org.locness.ingest.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.locness.events.metrics.MeteredService;
import org.locness.events.metrics.MetricsServer;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.service.IngestConfig;
import org.locness.ingest.service.IngestService;
import org.locness.lake.s3.Lake;

/** Starts {@code locness ingest} against an embedded stack, configured as the CLI would from the environment. */
public final class IngestHarness {
    private IngestHarness() {
    }

    public static Map<String, String> environment(EmbeddedStack stack, boolean autoTrigger, String debounce) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("LOCNESS_ENSEMBLE", TestEnsembles.PRODUCTION.toString());
        env.put(IngestConfig.AUTO_TRIGGER_ENV, Boolean.toString(autoTrigger));
        env.put(IngestConfig.DEBOUNCE_ENV, debounce);
        env.put(IngestConfig.INSTANCE_ENV, "it");
        env.put(MetricsServer.PORT_ENV, "0");
        return env;
    }

    public static Started start(Map<String, String> env, Lake lake) throws Exception {
        IngestConfig config = IngestConfig.fromEnvironment(env);
        return new Started(MeteredService.start(MetricsServer.newRegistry("ingest"), "127.0.0.1", config.metricsPort(),
                registry -> IngestService.start(config, lake, registry)));
    }

    /** A running service, the registry its meters are on, and its {@code /metrics}. */
    public record Started(MeteredService<IngestService> running) implements AutoCloseable {
        public IngestService service() {
            return running.service();
        }

        public PrometheusMeterRegistry registry() {
            return running.registry();
        }

        public int metricsPort() {
            return running.metricsPort();
        }

        public double count(String name, String... tags) {
            var search = registry().find(name).tags(tags);
            return search.counters().stream().mapToDouble(c -> c.count()).sum();
        }

        /** Closes the service, then its {@code /metrics}; neither throws a checked exception. */
        @Override
        public void close() {
            try {
                running.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing ingest failed", e);
            }
        }
    }

    /** Produces a raw value, as a person or a foreign producer would. */
    public static void produce(EmbeddedStack stack, String topic, String key, String value) throws Exception {
        produce(stack, new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Produces a raw value to one partition, as {@code kcat -P -p PARTITION} would. */
    public static void produce(EmbeddedStack stack, String topic, int partition, String key, String value)
            throws Exception {
        produce(stack, new ProducerRecord<>(topic, partition, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void produce(EmbeddedStack stack, ProducerRecord<String, byte[]> record) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("it-raw"))) {
            producer.send(record).get();
        }
    }

    /**
     * Produces a value as large as the broker accepts (its message.max.bytes less the batch and record
     * framing), as {@code kcat -X message.max.bytes=1100000} does; returns the value.
     */
    public static byte[] produceAtTheBrokersLimit(EmbeddedStack stack, String topic, String key) throws Exception {
        int limit;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            limit = Integer.parseInt(admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS)
                    .get(broker).get("message.max.bytes").value());
        }
        byte[] random = new byte[limit];
        new Random(12).nextBytes(random);
        // Base64 text, as the hostile tester sent; 100 bytes below the limit leave room for the framing.
        byte[] value = Arrays.copyOf(Base64.getEncoder().encode(random), limit - 100);
        Properties settings = stack.kafkaSettings().producer("it-big");
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limit + 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
        return value;
    }

    /** {@code echo VALUE | kcat -P -b BOOTSTRAP -t TOPIC -k KEY}; skips the test if kcat is missing. */
    public static void kcat(EmbeddedStack stack, String topic, String key, String value) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "Debian's kcat is not installed (scripts/test.sh installs it)");
        Process produce = new ProcessBuilder("kcat", "-P", "-b", stack.kafkaBootstrap(), "-t", topic, "-k", key)
                .redirectErrorStream(true).start();
        produce.getOutputStream().write((value + "\n").getBytes(StandardCharsets.UTF_8));
        produce.getOutputStream().close();
        if (!produce.waitFor(30, TimeUnit.SECONDS) || produce.exitValue() != 0) {
            throw new IllegalStateException("kcat failed: " + new String(produce.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }
}
