package org.locness.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.config.WeightsSettings;
import org.locness.aggregator.patterns.PatternFiles.Row;
import org.locness.aggregator.patterns.PatternFiles;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.ensemble.Quorum;
import org.locness.events.id.JobId;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventCodec;
import org.locness.events.lake.LakeKeys;
import org.locness.events.metrics.MeteredService;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.pattern.PatternsUnified;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

@EmbeddedStackTest
class AggregatorIT {
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);
    private static final EventCodec<PatternsUnified> UNIFIED = EventCodec.of(PatternsUnified.class);
    private static final int JOBS = 40;
    private static final int JOBS_WITH_PATTERNS = 3;
    private static final String SIGNATURE = "trend=up|vol=high|volume=spike|gap=none";

    @TempDir
    Path dir;

    @Test
    void aRestartMidStreamCountsEachJobOnceAndTheLakeHoldsGoldAndPatterns(EmbeddedStack stack) throws Exception {
        Lake lake = Lake.connect(new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                LakeKeys.BUCKET));
        ExpectedModel last = Fixtures.ENSEMBLE.get(2);

        // given: staged patterns for a few jobs; every job's first two results, and the third for the first half
        for (int n = 1; n <= JOBS_WITH_PATTERNS; n++) {
            JobId job = Fixtures.jobId("BTC", n);
            for (ExpectedModel m : Fixtures.ENSEMBLE) {
                Path file = PatternFiles.write(dir, dir.resolve(job + "-" + m.model() + ".parquet"), "BTC",
                        Fixtures.DATE.value(), new Row(SIGNATURE, m.model().value(), n % 2 == 0 ? "up" : "down", 0.5 + n / 10.0));
                lake.put(LakeKeys.stagedPatterns(job, m.model()), file);
            }
        }
        try (KafkaProducer<String, byte[]> producer = Fixtures.producer(stack.kafkaSettings())) {
            for (int n = 1; n <= JOBS; n++) {
                for (ExpectedModel m : Fixtures.ENSEMBLE) {
                    if (m != last || n <= JOBS / 2) {
                        producer.send(Fixtures.record(Fixtures.result(Fixtures.jobId("BTC", n), m, 0.6)));
                    }
                }
            }
            producer.flush();
        }

        // when: aggregator A publishes the first half and stops; B starts on an empty state dir (so it
        // restores from the changelog) and meets the second half's last results plus every result again
        try (TopicReader consensus = TopicReader.fromStart(stack.kafkaSettings(), Topic.PREDICTIONS_CONSENSUS.topicName());
                TopicReader unified = TopicReader.fromStart(stack.kafkaSettings(), Topic.PATTERNS_UNIFIED.topicName())) {
            List<ConsumerRecord<String, byte[]>> published = new ArrayList<>();
            try (AggregatorService a = AggregatorService.start(config(stack, "a"), MetricsServer.newRegistry("aggregator"))) {
                published.addAll(consensus.read(Duration.ofSeconds(90), JOBS / 2));
                assertEquals(JOBS / 2, published.size(), "A publishes the jobs whose results are all in");
            }
            try (KafkaProducer<String, byte[]> producer = Fixtures.producer(stack.kafkaSettings())) {
                for (int n = 1; n <= JOBS; n++) {
                    for (ExpectedModel m : Fixtures.ENSEMBLE) {
                        producer.send(Fixtures.record(Fixtures.result(Fixtures.jobId("BTC", n), m, 0.6)));
                    }
                }
                producer.flush();
            }
            PrometheusMeterRegistry registryB = MetricsServer.newRegistry("aggregator");
            try (MeteredService<AggregatorService> b = MeteredService.start(registryB, "127.0.0.1", 0,
                    registry -> AggregatorService.start(config(stack, "b"), registry))) {
                published.addAll(consensus.read(Duration.ofSeconds(90), JOBS / 2));
                // Anything published twice would arrive within a few commit intervals: keep listening.
                published.addAll(consensus.read(Duration.ofSeconds(3), 1));

                // then: one COMPLETE consensus per job; B saw every resent result as a duplicate
                Map<String, Long> perJob = published.stream().map(r -> CONSENSUS.parse(r.value()))
                        .peek(p -> assertEquals(ConsensusStatus.COMPLETE, p.status()))
                        .collect(Collectors.groupingBy(p -> p.jobId().value(), Collectors.counting()));
                assertEquals(JOBS, perJob.size());
                assertTrue(perJob.values().stream().allMatch(c -> c == 1), () -> "published twice: " + perJob);
                assertEquals(JOBS * 3.0 - JOBS / 2, registryB.get("locness.results.duplicate").counter().count(),
                        "every resent result is a duplicate; the second half's last results are new");
                assertEquals(0.0, registryB.get("locness.results.late").counter().count());
                String scrape = scrape(b.metricsPort());
                assertTrue(scrape.contains("locness_consensus_published_total{component=\"aggregator\",status=\"complete\"} 20.0"), scrape);
                assertTrue(scrape.contains("locness_consensus_latency_seconds_bucket"), "latency histogram");
                Await.until("Streams' end-to-end latency meters", Duration.ofSeconds(20),
                        () -> scrapeQuietly(b.metricsPort()).contains("kafka_stream_processor_node_record_e2e_latency_avg"));
                Await.until("the topology's lag on results.staged, 0 once every result is in", Duration.ofSeconds(30),
                        () -> caughtUp(scrapeQuietly(b.metricsPort()), "aggregator", "results.staged"));

                // then: one gold file per job, readable as one Hive-partitioned table
                Await.until("gold files", Duration.ofSeconds(60), () -> lake.list(LakeKeys.GOLD_PREDICTIONS).size() == JOBS);
                Await.until("the gold writer's lag, 0 once every consensus is written", Duration.ofSeconds(30),
                        () -> caughtUp(scrapeQuietly(b.metricsPort()), "aggregator-gold", "predictions.consensus"));
                Path gold = dir.resolve("gold");
                for (ObjectInfo o : lake.list(LakeKeys.GOLD_PREDICTIONS)) {
                    lake.get(o.key(), gold.resolve(o.key().value()));
                }
                assertEquals(List.of(JOBS + "," + JOBS + ",BTC,2026-11-29,COMPLETE"), query("SELECT count(*),"
                        + " count(DISTINCT job_id), any_value(symbol), any_value(date), any_value(status) FROM read_parquet("
                        + DuckDb.literal(gold.resolve("gold/predictions/**/*.parquet")) + ", hive_partitioning = true)"));

                // then: the day's unified patterns hold each job's rows once, announced with rising versions
                List<PatternsUnified> announced = unified.read(Duration.ofSeconds(60), JOBS_WITH_PATTERNS)
                        .stream().map(r -> UNIFIED.parse(r.value())).toList();
                assertEquals(JOBS_WITH_PATTERNS, announced.size());
                List<Long> versions = announced.stream().map(PatternsUnified::version).toList();
                assertEquals(versions.stream().sorted().toList(), versions, "versions never go back");
                // A job merged after a higher one changes nothing and re-announces the current version.
                assertTrue(versions.get(0) == 1 && versions.get(2) <= 3, versions::toString);
                Path patterns = dir.resolve("unified.parquet");
                lake.get(LakeKeys.unifiedPatterns(Fixtures.DATE), patterns);
                assertEquals(List.of(String.valueOf(versions.get(2))), query("SELECT decode(value) FROM parquet_kv_metadata("
                        + DuckDb.literal(patterns) + ") WHERE decode(key) = 'locness_version'"));
                // One signature, one symbol: each model's row is the highest job's, so 3 rows of job 003.
                assertEquals(List.of("3,1,3,1.0,0.0,0.8"), query("SELECT count(*), count(DISTINCT job_id), any_value(cases),"
                        + " any_value(share_down), any_value(share_up), round(any_value(mean_confidence), 6)"
                        + " FROM read_parquet(" + DuckDb.literal(patterns) + ")"));
            }
        }
    }

    private AggregatorConfig config(EmbeddedStack stack, String instance) {
        return new AggregatorConfig(stack.kafkaSettings(), new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(),
                stack.s3SecretKey(), LakeKeys.BUCKET), Duration.ofMinutes(10), new Quorum(2, 0.5), WeightsSettings.NONE, dir.resolve("state-" + instance),
                Duration.ofDays(7), 0);
    }

    private List<String> query(String sql) throws Exception {
        try (Connection db = DuckDb.open(dir.resolve("duckdb")); Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(r.getObject(i)));
                }
                rows.add(String.join(",", values));
            }
            return rows;
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** {@code locness_consumer_lag} has {@code group}'s partitions of {@code topic}, all at 0. */
    private static boolean caughtUp(String scrape, String group, String topic) {
        List<String> lags = scrape.lines().filter(line -> line.startsWith("locness_consumer_lag{")
                && line.contains("group=\"" + group + "\"") && line.contains("topic=\"" + topic + "\"")).toList();
        return !lags.isEmpty() && lags.stream().allMatch(line -> line.endsWith(" 0.0"));
    }

    private static String scrapeQuietly(int port) {
        try {
            return scrape(port);
        } catch (Exception e) {
            return "";
        }
    }
}
