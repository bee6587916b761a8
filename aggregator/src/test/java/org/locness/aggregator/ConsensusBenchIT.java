package org.locness.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.config.WeightsSettings;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.aggregator.topology.ConsensusTopology;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.ensemble.Quorum;
import org.locness.events.id.JobId;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.LakeSettings;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.TopicReader;

/**
 * Figures for the closing note, on the embedded broker: the latency from a job's last result to its
 * consensus being readable (read_committed, so it includes the exactly-once commit interval), and
 * the results per second the topology works through from a backlog. Run with
 * {@code mvn -Pbench verify -pl aggregator -am -Dit.test=ConsensusBenchIT}.
 */
@Tag("bench")
@EmbeddedStackTest
class ConsensusBenchIT {
    private static final int LATENCY_JOBS = 300;
    /** The first jobs run while the JIT and the broker's caches warm up: left out of the figures. */
    private static final int WARM_UP_JOBS = 30;
    private static final Duration PACE = Duration.ofMillis(20);
    private static final int BACKLOG_JOBS = 5000;
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);

    @TempDir
    Path dir;

    @Test
    void latencyFromLastResultToConsensusAndSustainedResultsPerSecond(EmbeddedStack stack) throws Exception {
        KafkaSettings kafka = stack.kafkaSettings();
        List<ExpectedModel> models = Fixtures.ENSEMBLE;

        // Latency: jobs paced at 1 / PACE, each job's three results back to back.
        Map<String, Long> lastSent = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        try (KafkaStreams streams = start(kafka, "aggregator-bench-latency", "latency");
                TopicReader reader = TopicReader.fromStart(kafka, Topic.PREDICTIONS_CONSENSUS.topicName());
                KafkaProducer<String, byte[]> producer = Fixtures.producer(kafka)) {
            awaitRunning(streams);
            Thread readerThread = new Thread(() -> {
                while (received.size() < LATENCY_JOBS && !Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, byte[]> r : reader.read(Duration.ofMillis(50), 1)) {
                        received.put(jobOf(r), System.nanoTime());
                    }
                }
            }, "bench-reader");
            readerThread.start();
            for (int n = 1; n <= LATENCY_JOBS; n++) {
                JobId job = Fixtures.jobId("LAT", n);
                for (ExpectedModel m : models) {
                    lastSent.put(job.value(), System.nanoTime());
                    producer.send(Fixtures.record(Fixtures.result(job, m, 0.5)));
                }
                producer.flush();
                Thread.sleep(PACE.toMillis());
            }
            readerThread.join(Duration.ofSeconds(60).toMillis());
            readerThread.interrupt();
            readerThread.join();
        }
        List<Double> latencies = lastSent.entrySet().stream()
                .filter(e -> received.containsKey(e.getKey()) && jobNumber(e.getKey()) > WARM_UP_JOBS)
                .map(e -> (received.get(e.getKey()) - e.getValue()) / 1e6).sorted().collect(Collectors.toCollection(ArrayList::new));

        // Throughput: a backlog of results, worked through by a fresh application from the start.
        try (KafkaProducer<String, byte[]> producer = Fixtures.producer(kafka)) {
            for (int n = 1; n <= BACKLOG_JOBS; n++) {
                JobId job = Fixtures.jobId("THR", n);
                for (ExpectedModel m : models) {
                    producer.send(Fixtures.record(Fixtures.result(job, m, 0.5)));
                }
            }
            producer.flush();
        }
        int totalJobs = LATENCY_JOBS + BACKLOG_JOBS;
        double seconds;
        int seen;
        try (TopicReader reader = TopicReader.fromEnd(kafka, Topic.PREDICTIONS_CONSENSUS.topicName())) {
            long started = System.nanoTime();
            try (KafkaStreams streams = start(kafka, "aggregator-bench-backlog", "backlog")) {
                awaitRunning(streams);
                long running = System.nanoTime();
                seen = reader.read(Duration.ofMinutes(5), totalJobs).size();
                seconds = (System.nanoTime() - running) / 1e9;
                System.out.printf(Locale.ROOT, "[bench] backlog: %d of %d consensus records; start-up %.1f s%n", seen,
                        totalJobs, (running - started) / 1e9);
            }
        }

        System.out.printf(Locale.ROOT, "[bench] latency last result -> consensus readable (read_committed), %d of %d jobs"
                + " after warm-up at %d jobs/s: median %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies.size(),
                LATENCY_JOBS - WARM_UP_JOBS,
                1000 / PACE.toMillis(), percentile(latencies, 0.5), percentile(latencies, 0.99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1));
        System.out.printf(Locale.ROOT, "[bench] sustained: %d results (%d jobs x 3) in %.1f s = %.0f results/s%n",
                totalJobs * 3, totalJobs, seconds, totalJobs * 3 / seconds);

        // The figures only mean something if every job was decided: no timing is asserted.
        assertEquals(LATENCY_JOBS, received.size(), "paced jobs with a consensus");
        assertEquals(totalJobs, seen, "backlog jobs with a consensus");
    }

    private KafkaStreams start(KafkaSettings kafka, String applicationId, String name) {
        AggregatorConfig config = new AggregatorConfig(kafka, new LakeSettings("http://unused:9000", "unused", "unused", null),
                Duration.ofMinutes(10), new Quorum(2, 0.5), WeightsSettings.NONE, dir.resolve(name), Duration.ofDays(7), 0);
        Properties props = ConsensusTopology.streamsProperties(config);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        KafkaStreams streams = new KafkaStreams(ConsensusTopology.build(config, new AggregatorMetrics(new SimpleMeterRegistry())), props);
        streams.start();
        return streams;
    }

    private static void awaitRunning(KafkaStreams streams) {
        Await.until(() -> "streams reach RUNNING, now " + streams.state(), Duration.ofSeconds(60),
                () -> streams.state() == KafkaStreams.State.RUNNING);
    }

    private static String jobOf(ConsumerRecord<String, byte[]> record) {
        return CONSENSUS.parse(record.value()).jobId().value();
    }

    private static int jobNumber(String jobId) {
        return Integer.parseInt(jobId.substring(jobId.lastIndexOf('-') + 1));
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
