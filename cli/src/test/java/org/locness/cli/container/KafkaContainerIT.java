package org.locness.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.status.JobTrace;
import org.locness.cli.status.JobTracer;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.lake.LakeKeys;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Topic;
import org.locness.events.topic.TopicSpec;
import org.locness.infra.embedded.EmbeddedLake;
import org.locness.ingest.service.IngestConfig;
import org.locness.ingest.service.IngestService;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SyntheticMarketData;
import org.testcontainers.kafka.KafkaContainer;

/**
 * testcontainers-kafka on this project's broker image: KafkaContainer starts it as it starts
 * apache/kafka, and a job request published to it comes out of ingest as a prepared job on
 * {@code jobs.ready}. The lake is the embedded one, publishing its object events to the container.
 */
class KafkaContainerIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final TradingDate TODAY = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
    private static final Duration WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void requireRuntimeAndImage() {
        ContainerRuntime.require();
        if (KafkaImage.isOwn()) {
            ContainerRuntime.requireLocalImage(KafkaImage.reference(), "run scripts/build-images.sh kafka");
        }
    }

    @Test
    void aJobRequestThroughTheContainerisedBrokerBecomesAPreparedJob(@TempDir Path dir) throws Exception {
        Symbol btc = Symbol.of("BTC");
        try (KafkaContainer kafka = new KafkaContainer(KafkaImage.asApacheKafka())
                .withEnv("KAFKA_HEAP_OPTS", "-Xmx512m -Xms512m")) {
            kafka.start();
            KafkaSettings settings = KafkaSettings.plain(kafka.getBootstrapServers());
            createRegistryTopics(settings);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("LOCNESS_KAFKA_BOOTSTRAP", settings.bootstrap());
            try (EmbeddedLake lakeServer = EmbeddedLake.start(0, dir.resolve("lake"), settings, "container-it",
                    UUID.randomUUID().toString(), true)) {
                env.put(LakeSettings.ENDPOINT_ENV, lakeServer.endpoint());
                env.put(LakeSettings.ACCESS_KEY_ENV, lakeServer.accessKey());
                env.put(LakeSettings.SECRET_KEY_ENV, lakeServer.secretKey());
                env.put(EnsembleLoader.ENV, REPO.resolve("config/ensemble-demo.yaml").toString());
                env.put(MetricsServer.PORT_ENV, "0");
                env.put(IngestConfig.AUTO_TRIGGER_ENV, "false");
                env.put(IngestConfig.INSTANCE_ENV, "container-it");
                Lake lake = Lake.connect(LakeSettings.fromEnvironment(env));
                lake.ensureBucket();
                SyntheticMarketData.seed(lake, dir.resolve("seed"), new SeedPlan(List.of(btc), 2, TODAY, 7, 60));

                try (IngestService ingest = IngestService.start(IngestConfig.fromEnvironment(env), lake,
                        MetricsServer.newRegistry("ingest"));
                        JobSubmitter submitter = JobSubmitter.connect(settings, WAIT)) {
                    // When a job is requested through the containerised broker
                    Optional<JobId> accepted = submitter.submit(JobRequested.forSymbol(btc));

                    // Then ingest answered on jobs.ready with a prepared job whose input it archived
                    JobId job = accepted.orElseThrow(() -> new AssertionError("ingest did not answer within " + WAIT));
                    assertEquals(JobId.derive(btc, TODAY, 1), job);
                    JobTrace trace = new JobTracer(settings).trace(job);
                    assertTrue(trace.isReady(), trace.render());
                    assertTrue(trace.stage().startsWith("waiting for inference: "), trace.render());
                    assertTrue(lake.list(LakeKeys.preSweptPrefix(btc)).isEmpty(), "pre-swept input left in place");
                    assertTrue(!lake.list(LakeKeys.dailyArchivedPrefix(TODAY, btc)).isEmpty(), "input not archived");
                }
            }
        }
    }

    /** The registry's topics and DLQs, as Strimzi's KafkaTopics make them on the cluster (one replica here). */
    private static void createRegistryTopics(KafkaSettings kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpec spec : Topic.allSpecs()) {
                topics.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retention().toMillis()))));
            }
            admin.createTopics(topics).all().get();
        }
    }
}
