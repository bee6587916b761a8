package org.locness.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.ingest.intake.IntakeMetrics;
import org.locness.ingest.intake.JobIntakeStage;
import org.locness.ingest.intake.JobLedger;
import org.locness.ingest.intake.RequestResolver;
import org.locness.ingest.kafka.TransactionalLoop;
import org.locness.ingest.objects.Debouncer;
import org.locness.ingest.objects.ObjectEventClassifier;
import org.locness.ingest.objects.ObjectEventMetrics;
import org.locness.ingest.objects.ObjectEventStage;
import org.locness.ingest.outcome.DailyCloses;
import org.locness.ingest.outcome.OutcomeRealizer;
import org.locness.ingest.prep.PreJobPrep;
import org.locness.lake.s3.Lake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code locness ingest}: job intake ({@code jobs.requested} → pre-job prep → {@code jobs.ready}),
 * the object-event trigger ({@code lake.object-events} → {@code jobs.requested}) and the outcome
 * realizer ({@code jobs.ready} + {@code lake.object-events} → {@code outcomes.realized}), started
 * together and closed together. The first two are transactional, each with its own producer and a
 * transactional id made from {@link IngestConfig#instance()}; the realizer commits after its
 * outcomes are acknowledged (recomputing an outcome is idempotent).
 */
public final class IngestService implements AutoCloseable {
    /** CloudEvents {@code ce_source} of everything ingest publishes. */
    public static final String CE_SOURCE = "locness/ingest";
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    /** Prep takes a lake round trip or more per request: keep a poll's worth well inside max.poll.interval.ms. */
    private static final int INTAKE_MAX_POLL_RECORDS = 50;
    /** A record of market data re-examines a few weeks of a symbol's jobs: a few lake round trips each. */
    private static final int OUTCOMES_MAX_POLL_RECORDS = 50;
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final TransactionalLoop intake;
    private final TransactionalLoop objectEvents;
    private final OutcomeLoop outcomes;

    private IngestService(TransactionalLoop intake, TransactionalLoop objectEvents, OutcomeLoop outcomes) {
        this.intake = intake;
        this.objectEvents = objectEvents;
        this.outcomes = outcomes;
    }

    /** The outcome realizer's loop and what it owns besides its consumer: its producer and the closes' work directory. */
    private record OutcomeLoop(CommitAfterWorkLoop loop, Producer<String, byte[]> producer, DailyCloses closes)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                loop.close();
            } finally {
                producer.close(Duration.ofSeconds(10));
                closes.close();
            }
        }
    }

    /** Starts both loops against the lake of {@code config}; their meters go to {@code registry}. */
    public static IngestService start(IngestConfig config, MeterRegistry registry) {
        return start(config, Lake.connect(config.lake()), registry);
    }

    /** Starts the loops against {@code lake} (one whose failures a test controls, for instance). */
    public static IngestService start(IngestConfig config, Lake lake, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        lake.ensureBucket();
        TransactionalLoop intake = null;
        TransactionalLoop objectEvents = null;
        try {
            intake = intakeLoop(config, lake, registry, clock);
            objectEvents = objectEventLoop(config, lake, registry, clock);
            OutcomeLoop outcomes = outcomeLoop(config, lake, registry, clock);
            intake.start();
            objectEvents.start();
            outcomes.loop().start();
            LOG.info("ingest started as {}: {} model(s) from {}, zone {}, dates up to {} day(s) ahead, auto-trigger {}{}",
                    config.instance(), config.ensemble().models().size(), config.ensemblePath(), config.zone(),
                    config.maxDaysAhead(), config.autoTrigger() ? "on" : "off",
                    config.autoTrigger() ? " (debounce " + config.debounce() + ")" : "");
            LOG.info("outcome realizer started: horizon {} trading day(s), {} calendar, flat below {} x the {}-day"
                    + " volatility", config.ensemble().outcome().horizonDays(), config.ensemble().outcome().calendar(),
                    config.ensemble().outcome().flatVolatilityFraction(), config.ensemble().outcome().volatilityDays());
            return new IngestService(intake, objectEvents, outcomes);
        } catch (RuntimeException e) {
            if (intake != null) {
                intake.close();
            }
            if (objectEvents != null) {
                objectEvents.close();
            }
            throw e;
        }
    }

    private static OutcomeLoop outcomeLoop(IngestConfig config, Lake lake, MeterRegistry registry, Clock clock) {
        String group = Component.ingestOutcomesGroup();
        Producer<String, byte[]> producer = new KafkaProducer<>(config.kafka().producer(group));
        DailyCloses closes;
        try {
            closes = new DailyCloses(lake, Files.createTempDirectory("locness-outcomes-"));
        } catch (IOException e) {
            producer.close(Duration.ZERO);
            throw new UncheckedIOException("cannot create the outcome realizer's work directory", e);
        }
        Properties consumer = config.kafka().consumer(group);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, OUTCOMES_MAX_POLL_RECORDS);
        OutcomeRealizer realizer = new OutcomeRealizer(lake.bucket(), new JobLedger(lake), closes,
                config.ensemble().outcome(), new EventPublisher(producer, CE_SOURCE, clock), registry, clock);
        CommitAfterWorkLoop loop = new CommitAfterWorkLoop(group, new KafkaConsumer<>(consumer),
                List.of(Topic.JOBS_READY.topicName(), Topic.LAKE_OBJECT_EVENTS.topicName()), realizer,
                new DeadLetterRouter(producer), registry, INITIAL_BACKOFF, MAX_BACKOFF);
        return new OutcomeLoop(loop, producer, closes);
    }

    private static TransactionalLoop intakeLoop(IngestConfig config, Lake lake, MeterRegistry registry,
            Clock clock) {
        Producer<String, byte[]> producer = new KafkaProducer<>(
                config.kafka().transactionalProducer(config.intakeTransactionalId()));
        Properties consumer = config.kafka().consumer(Component.ingestJobsGroup());
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, INTAKE_MAX_POLL_RECORDS);
        RequestResolver resolver = new RequestResolver(config.ensemble(), config.zone(), clock, config.dateBound());
        JobIntakeStage stage = new JobIntakeStage(resolver, new JobLedger(lake), new PreJobPrep(lake, config.ensemble()),
                new EventPublisher(producer, CE_SOURCE, clock), new IntakeMetrics(registry));
        return new TransactionalLoop(Component.ingestJobsGroup(), new KafkaConsumer<>(consumer), producer,
                List.of(Topic.JOBS_REQUESTED.topicName()), stage, registry, clock, INITIAL_BACKOFF, MAX_BACKOFF);
    }

    private static TransactionalLoop objectEventLoop(IngestConfig config, Lake lake, MeterRegistry registry,
            Clock clock) {
        Producer<String, byte[]> producer = new KafkaProducer<>(
                config.kafka().transactionalProducer(config.objectEventsTransactionalId()));
        ObjectEventStage stage = new ObjectEventStage(new ObjectEventClassifier(lake.bucket()), config.autoTrigger(),
                new Debouncer(config.debounce()), new EventPublisher(producer, CE_SOURCE, clock),
                new ObjectEventMetrics(registry), clock);
        return new TransactionalLoop(Component.ingestObjectEventsGroup(),
                new KafkaConsumer<>(config.kafka().consumer(Component.ingestObjectEventsGroup())), producer,
                List.of(Topic.LAKE_OBJECT_EVENTS.topicName()), stage, registry, clock, INITIAL_BACKOFF, MAX_BACKOFF);
    }

    /** The error a loop stopped on (a fenced producer, a bug), if one did; the service is then degraded. */
    public Optional<Throwable> failure() {
        return intake.failure().or(objectEvents::failure);
    }

    /**
     * Blocks until one of the loops stops — after {@link #close()}, or on a fatal error — and returns
     * that error, if any, so that {@code locness ingest} can exit non-zero and be restarted.
     */
    public Optional<Throwable> awaitStop() throws InterruptedException {
        while (true) {
            for (TransactionalLoop loop : List.of(intake, objectEvents)) {
                if (loop.awaitStopped(Duration.ofMillis(250))) {
                    return loop.failure();
                }
            }
        }
    }

    /** Stops consuming, lets the records in hand finish and commit, then releases everything. */
    @Override
    public void close() {
        try {
            intake.close();
            objectEvents.close();
        } finally {
            outcomes.close();
        }
    }
}
