package org.locness.ingest.daily.workflow;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.locness.events.id.TradingDate;
import org.locness.events.kafka.EventPublisher;
import org.locness.ingest.daily.context.ContextCalculator;
import org.locness.ingest.daily.context.SummaryCache;
import org.locness.ingest.daily.context.DailyCron;
import org.locness.ingest.daily.context.PrepDuckDb;
import org.locness.ingest.daily.lake.ContextStore;
import org.locness.ingest.daily.lake.InputFetcher;
import org.locness.lake.s3.Lake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code locness daily-prep}: a Temporal worker for the prep (connected over gRPC to
 * {@code LOCNESS_TEMPORAL_TARGET}), the cron workflow that runs it every morning, and
 * {@link #runNow} for one prep on demand. Temporal's SDK metrics (workflow completions, task
 * latencies, …) and the prep's own meters land in the registry given; whoever runs the service serves
 * it on {@code /metrics}.
 */
public final class DailyPrepService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DailyPrepService.class);
    public static final String SOURCE = "locness/daily-prep";

    private final DailyPrepConfig config;
    private final Lake lake;
    private final Scope metricsScope;
    private final WorkflowServiceStubs service;
    private final WorkflowClient client;
    private final Producer<String, byte[]> producer;
    private final PrepDuckDb duckdb;
    private final WorkerFactory factory;

    /**
     * The worker polling its task queue and the cron workflow in place: what {@code locness daily-prep}
     * runs until it is stopped.
     */
    public static DailyPrepService start(DailyPrepConfig config, MeterRegistry registry) {
        DailyPrepService service = startUnscheduled(config, registry);
        try {
            service.ensureCron();
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /**
     * The worker only, with no cron workflow: for runs asked for explicitly ({@code --run-now}, the
     * demo), which must not leave a schedule behind.
     */
    public static DailyPrepService startUnscheduled(DailyPrepConfig config, MeterRegistry registry) {
        DailyPrepService service = new DailyPrepService(config, registry);
        try {
            service.startWorker();
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** Connected to Temporal, Kafka and the lake; nothing polls until {@link #startWorker()}. */
    public DailyPrepService(DailyPrepConfig config, MeterRegistry registry) {
        this.config = config;
        this.lake = Lake.connect(config.lake());
        registry.config().meterFilter(WorkflowOutcomeTag.FILTER);
        this.producer = new KafkaProducer<>(config.kafka().producer("locness-daily-prep"));
        this.metricsScope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(com.uber.m3.util.Duration.ofMillis(config.metricsReportEvery().toMillis()));
        try {
            this.duckdb = openDuckDb(config.workDir());
            this.service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(config.temporalTarget()).setMetricsScope(metricsScope).build());
            this.client = WorkflowClient.newInstance(service,
                    WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
            this.factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker(config.taskQueue());
            worker.registerWorkflowImplementationTypes(DailyPrepWorkflowImpl.class);
            SummaryCache summaries = new SummaryCache(config.summaryCache());
            DailyPrepMetrics metrics = new DailyPrepMetrics(registry);
            metrics.summaries(summaries);
            worker.registerActivitiesImplementations(new DailyPrepActivitiesImpl(
                    new InputFetcher(lake, config.fetchConcurrency(), summaries), new ContextCalculator(summaries, duckdb),
                    new ContextStore(lake),
                    new EventPublisher(producer, SOURCE, Clock.systemUTC()), metrics,
                    config.workDir()));
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            closeDuckDb();
            closeScope();
            throw e;
        }
    }

    public void startWorker() {
        lake.ensureBucket();
        factory.start();
        LOG.info("daily prep worker polling task queue {} on {} (namespace {})", config.taskQueue(),
                config.temporalTarget(), config.namespace());
    }

    /**
     * Makes sure the cron workflow exists with this configuration's schedule; if it exists with
     * another zone, cron or task queue (the operator changed the settings) it is replaced.
     *
     * @return the UTC cron expression in force
     */
    public String ensureCron() {
        String cron = DailyCron.expression(config.zone(), DailyCron.PREP_TIME, LocalDate.now(config.zone()));
        try {
            startCron(cron);
            LOG.info("scheduled the daily prep ({}, task queue {}): {} in {} = cron '{}' UTC",
                    PrepWorkflowOptions.CRON_WORKFLOW_ID, config.taskQueue(), DailyCron.PREP_TIME, config.zone(), cron);
            return cron;
        } catch (WorkflowExecutionAlreadyStarted e) {
            WorkflowStub existing = existing(PrepWorkflowOptions.CRON_WORKFLOW_ID);
            WorkflowExecutionDescription description = existing.describe();
            String zone = description.getMemo(PrepWorkflowOptions.MEMO_ZONE, String.class, String.class);
            String existingCron = description.getMemo(PrepWorkflowOptions.MEMO_CRON, String.class, String.class);
            if (config.zone().getId().equals(zone) && cron.equals(existingCron)
                    && config.taskQueue().equals(description.getTaskQueue())) {
                LOG.info("the daily prep is already scheduled ({} in {}, cron '{}' UTC)", DailyCron.PREP_TIME, zone, cron);
                return cron;
            }
            String reason = "rescheduled: zone " + zone + " -> " + config.zone() + ", cron '" + existingCron + "' -> '"
                    + cron + "', task queue " + description.getTaskQueue() + " -> " + config.taskQueue();
            existing.terminate(reason);
            startCron(cron);
            LOG.info("daily prep {}", reason);
            return cron;
        }
    }

    /**
     * Prepares {@code date} now and waits for it. A run already preparing that date is joined, not
     * duplicated. Needs a worker on the task queue: this service's ({@link #startWorker}) or another.
     *
     * @throws DailyPrepFailedException when the run fails (for instance, nothing usable in the lake)
     */
    public DailyPrepResult runNow(TradingDate date) {
        String workflowId = PrepWorkflowOptions.runNowId(date);
        DailyPrepWorkflow workflow = client.newWorkflowStub(DailyPrepWorkflow.class,
                PrepWorkflowOptions.runNow(config.taskQueue(), date));
        try {
            WorkflowClient.start(workflow::prepare, DailyPrepRequest.forDate(config.zone(), date));
            LOG.info("daily prep {} started ({})", date, workflowId);
        } catch (WorkflowExecutionAlreadyStarted e) {
            LOG.info("daily prep {} is already running ({}): waiting for it", date, workflowId);
        }
        try {
            return existing(workflowId).getResult(DailyPrepResult.class);
        } catch (WorkflowFailedException e) {
            throw new DailyPrepFailedException("daily prep " + date + " failed: " + rootMessage(e), e);
        }
    }

    public WorkflowClient client() {
        return client;
    }

    /** The latest run of a workflow id, whatever started it. */
    private WorkflowStub existing(String workflowId) {
        return client.newUntypedWorkflowStub(WorkflowTargetOptions.newBuilder().setWorkflowId(workflowId).build());
    }

    private void startCron(String cron) {
        DailyPrepWorkflow workflow = client.newWorkflowStub(DailyPrepWorkflow.class,
                PrepWorkflowOptions.cron(config.taskQueue(), config.zone(), cron));
        WorkflowClient.start(workflow::prepare, DailyPrepRequest.scheduled(config.zone()));
    }

    /** The innermost failure's own message (an activity's exception), without Temporal's wrapping. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause instanceof ApplicationFailure failure ? failure.getOriginalMessage()
                : Objects.toString(cause.getMessage(), cause.getClass().getSimpleName());
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(30, TimeUnit.SECONDS);
        service.shutdown();
        service.awaitTermination(10, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(10));
        closeDuckDb();
        closeScope();
        LOG.info("daily prep worker stopped");
    }

    private static PrepDuckDb openDuckDb(Path workDir) {
        try {
            return PrepDuckDb.kept(workDir);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the prep's DuckDB in " + workDir + ": " + e.getMessage(), e);
        }
    }

    /** Null when the constructor failed before opening it. */
    private void closeDuckDb() {
        if (duckdb == null) {
            return;
        }
        try {
            duckdb.close();
        } catch (SQLException e) {
            LOG.warn("the prep's DuckDB did not close cleanly: {}", e.getMessage());
        }
    }

    /** Closing reports the last Temporal metrics and stops the reporter thread. */
    private void closeScope() {
        try {
            metricsScope.close();
        } catch (ScopeCloseException e) {
            LOG.warn("Temporal metrics scope did not close cleanly: {}", e.getMessage());
        }
    }
}
