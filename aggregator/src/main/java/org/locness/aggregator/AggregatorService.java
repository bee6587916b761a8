package org.locness.aggregator;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.gold.GoldWriter;
import org.locness.aggregator.gold.ScoreGoldWriter;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.aggregator.patterns.PatternMerger;
import org.locness.aggregator.scores.ScoresTopology;
import org.locness.aggregator.topology.ConsensusTopology;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.ConsumerLag;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.LoopHealth;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.lake.s3.Lake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code locness aggregator}: the consensus topology, the scores application (outcomes and consensus
 * → scores and adaptive weights), the gold writers and the pattern merger, started together and
 * closed together. Runs as a single replica (the pattern
 * merger's read-modify-write of a day's file must have one owner).
 */
public final class AggregatorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AggregatorService.class);
    private static final Duration STREAMS_METER_SCAN = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final KafkaStreams scores;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService meterScanner;
    private final ConsumerLag streamsLag;
    private final ConsumerLag scoresLag;
    private final Producer<String, byte[]> producer;
    private final CommitAfterWorkLoop goldLoop;
    private final CommitAfterWorkLoop patternLoop;
    private final CommitAfterWorkLoop scoresGoldLoop;

    private AggregatorService(KafkaStreams streams, KafkaStreams scores, KafkaStreamsMetrics streamsMetrics,
            ScheduledExecutorService meterScanner, ConsumerLag streamsLag, ConsumerLag scoresLag,
            Producer<String, byte[]> producer, CommitAfterWorkLoop goldLoop, CommitAfterWorkLoop patternLoop, CommitAfterWorkLoop scoresGoldLoop) {
        this.streams = streams;
        this.scores = scores;
        this.streamsMetrics = streamsMetrics;
        this.meterScanner = meterScanner;
        this.streamsLag = streamsLag;
        this.scoresLag = scoresLag;
        this.producer = producer;
        this.goldLoop = goldLoop;
        this.patternLoop = patternLoop;
        this.scoresGoldLoop = scoresGoldLoop;
    }

    /** Starts the topology and both writers against the lake of {@code config}; meters go to {@code registry}. */
    public static AggregatorService start(AggregatorConfig config, MeterRegistry registry) throws IOException {
        config.volatileStateDirWarning().ifPresent(LOG::warn);
        Files.createDirectories(config.streamsStateDir());
        Files.createDirectories(config.workDir());
        Lake lake = Lake.connect(config.lake());
        lake.ensureBucket();
        Deque<AutoCloseable> created = new ArrayDeque<>();
        try {
            AggregatorMetrics metrics = new AggregatorMetrics(registry);
            KafkaStreams streams = new KafkaStreams(ConsensusTopology.build(config, metrics),
                    ConsensusTopology.streamsProperties(config));
            created.push(streams);
            watch(streams, "consensus topology", LoopHealth.register(registry, "aggregator-consensus"));
            KafkaStreams scores = new KafkaStreams(ScoresTopology.build(config, metrics),
                    ScoresTopology.streamsProperties(config));
            created.push(scores);
            watch(scores, "scores topology", LoopHealth.register(registry, "aggregator-scores"));
            // Streams creates its task and node meters only once partitions are assigned, after bindTo:
            // re-scan every few seconds rather than Micrometer's default minute.
            ScheduledExecutorService meterScanner = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "aggregator-streams-meters");
                thread.setDaemon(true);
                return thread;
            });
            created.push(meterScanner::shutdownNow);
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), meterScanner,
                    STREAMS_METER_SCAN);
            created.push(streamsMetrics);
            streamsMetrics.bindTo(registry);
            // The topology's lag under the name every loop's has, from its consumers' records-lag.
            ConsumerLag streamsLag = new ConsumerLag(registry, Component.aggregatorApplicationId());
            meterScanner.scheduleWithFixedDelay(() -> streamsLag.updateFromClientMetrics(streams.metrics()),
                    STREAMS_METER_SCAN.toMillis(), STREAMS_METER_SCAN.toMillis(), TimeUnit.MILLISECONDS);
            ConsumerLag scoresLag = new ConsumerLag(registry, Component.scoresApplicationId());
            meterScanner.scheduleWithFixedDelay(() -> scoresLag.updateFromClientMetrics(scores.metrics()),
                    STREAMS_METER_SCAN.toMillis(), STREAMS_METER_SCAN.toMillis(), TimeUnit.MILLISECONDS);

            Producer<String, byte[]> producer = new KafkaProducer<>(config.kafka().producer(Component.patternMergerGroup()));
            created.push(producer);
            DeadLetterRouter deadLetters = new DeadLetterRouter(producer);
            List<String> consensusTopic = List.of(Topic.PREDICTIONS_CONSENSUS.topicName());
            CommitAfterWorkLoop goldLoop = new CommitAfterWorkLoop(Component.goldWriterGroup(),
                    new KafkaConsumer<>(config.kafka().consumer(Component.goldWriterGroup())), consensusTopic,
                    new GoldWriter(lake, config.workDir().resolve("gold")), deadLetters, registry);
            created.push(goldLoop);
            CommitAfterWorkLoop patternLoop = new CommitAfterWorkLoop(Component.patternMergerGroup(),
                    new KafkaConsumer<>(config.kafka().consumer(Component.patternMergerGroup())), consensusTopic,
                    new PatternMerger(lake, config.workDir().resolve("patterns"),
                            new EventPublisher(producer, ConsensusTopology.CE_SOURCE, Clock.systemUTC())),
                    deadLetters, registry);
            created.push(patternLoop);
            CommitAfterWorkLoop scoresGoldLoop = new CommitAfterWorkLoop(Component.scoresGoldWriterGroup(),
                    new KafkaConsumer<>(config.kafka().consumer(Component.scoresGoldWriterGroup())),
                    List.of(Topic.SCORES_DAILY.topicName()),
                    new ScoreGoldWriter(lake, config.workDir().resolve("gold-scores")), deadLetters, registry);
            created.push(scoresGoldLoop);

            streams.start();
            scores.start();
            goldLoop.start();
            patternLoop.start();
            scoresGoldLoop.start();
            LOG.info("aggregator started: deadline {}, quorum {}, state {}", config.deadline(), config.quorum(),
                    config.stateDir());
            return new AggregatorService(streams, scores, streamsMetrics, meterScanner, streamsLag, scoresLag, producer,
                    goldLoop, patternLoop, scoresGoldLoop);
        } catch (RuntimeException e) {
            releaseAll(created, e);
            throw e;
        }
    }

    private static void watch(KafkaStreams app, String name, LoopHealth health) {
        app.setUncaughtExceptionHandler(e -> {
            // A failure here is a bug or a broken broker, not bad input (that goes to the DLQ): stop
            // visibly rather than spin; the pod restarts and resumes from the committed state.
            LOG.error("{} failed; shutting it down", name, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        // ERROR (reached through PENDING_ERROR) is the end of a client that failed, never of a close.
        app.setStateListener((next, previous) -> {
            LOG.info("{} {} -> {}", name, previous, next);
            if (next == KafkaStreams.State.PENDING_ERROR || next == KafkaStreams.State.ERROR) {
                health.down();
            }
        });
    }

    private static void releaseAll(Deque<AutoCloseable> created, RuntimeException failure) {
        while (!created.isEmpty()) {
            try {
                created.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    /** Stops consuming, lets work in hand finish and commit, then releases everything. */
    @Override
    public void close() {
        try (producer; streamsMetrics) {
            meterScanner.shutdownNow();
            streamsLag.clear();
            scoresLag.clear();
            goldLoop.close();
            patternLoop.close();
            scoresGoldLoop.close();
            // Leaving the group hands the partitions over at once instead of after the session timeout.
            CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30));
            scores.close(leave);
            streams.close(leave);
        }
    }
}
