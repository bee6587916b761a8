package org.locness.sweeper;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.lake.s3.Lake;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.config.SweeperConfig;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.locness.sweeper.orphan.OrphanSweep;
import org.locness.sweeper.orphan.OutputRowReader;
import org.locness.sweeper.upload.CompletedHandler;
import org.locness.sweeper.upload.PairUploader;
import org.locness.sweeper.upload.ResultStager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code locness sweeper --node N}: consumes {@code inference.completed} in the node's own group,
 * moves each of the node's results to the lake and announces it, and sweeps the staging directory for
 * orphans at start and then every sweep interval. Offsets are committed only after a result is staged
 * and announced; while the lake is down the loop retries the same record and commits nothing past it.
 *
 * <p>It does not touch the lake at start (no bucket check): a sweeper that starts while the lake is
 * down waits for it like one that was already running.
 */
public final class SweeperService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SweeperService.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final SweeperConfig config;
    private final Producer<String, byte[]> producer;
    private final ExecutorService uploads;
    private final ScheduledExecutorService sweeps;
    private final CommitAfterWorkLoop loop;

    private SweeperService(SweeperConfig config, Producer<String, byte[]> producer, ExecutorService uploads,
            ScheduledExecutorService sweeps, CommitAfterWorkLoop loop) {
        this.config = config;
        this.producer = producer;
        this.uploads = uploads;
        this.sweeps = sweeps;
        this.loop = loop;
    }

    /** Starts the consumer loop and the orphan sweep (first pass at once); its meters go to {@code registry}. */
    public static SweeperService start(SweeperConfig config, MeterRegistry registry) {
        String name = Component.sweeperGroup(config.node());
        StagingDirectory staging = new StagingDirectory(config.stagingDir());
        SweeperMetrics metrics = new SweeperMetrics(registry, staging);
        Lake lake = Lake.connect(config.lake());
        Producer<String, byte[]> producer = null;
        ExecutorService uploads = null;
        ScheduledExecutorService sweeps = null;
        try {
            producer = new KafkaProducer<>(config.kafka().producer(name));
            uploads = Executors.newFixedThreadPool(config.parallelism(), daemonThreads(name + "-upload"));
            sweeps = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-orphans"));
            ResultStager stager = new ResultStager(staging, new PairUploader(lake, uploads, metrics),
                    new EventPublisher(producer, "locness/sweeper/" + config.node(), Clock.systemUTC()), metrics);
            CommitAfterWorkLoop loop = new CommitAfterWorkLoop(name, new KafkaConsumer<>(config.kafka().consumer(name)),
                    List.of(Topic.INFERENCE_COMPLETED.topicName()),
                    new CompletedHandler(config.node(), stager, metrics), new DeadLetterRouter(producer), registry);
            OrphanSweep orphanSweep = new OrphanSweep(staging, config.node(), config.orphanAge(), Clock.systemUTC(),
                    new OutputRowReader(config.workDir()), stager, metrics);
            sweeps.scheduleWithFixedDelay(orphanSweep, 0, config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
            loop.start();
            LOG.info("sweeper of node {} started: staging {}, {} parallel upload(s), orphans after {}, sweep every {}",
                    config.node(), staging.root(), config.parallelism(), config.orphanAge(), config.sweepInterval());
            return new SweeperService(config, producer, uploads, sweeps, loop);
        } catch (RuntimeException e) {
            if (sweeps != null) {
                sweeps.shutdownNow();
            }
            if (uploads != null) {
                uploads.shutdownNow();
            }
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            throw e;
        }
    }

    /**
     * Stops the orphan sweep, lets the record in hand finish and commit, then releases the uploaders
     * and the producer. Anything unfinished is redelivered to the next sweeper.
     */
    @Override
    public void close() {
        sweeps.shutdownNow();
        loop.close();
        uploads.shutdown();
        awaitTermination(sweeps, "orphan sweep");
        awaitTermination(uploads, "uploads");
        producer.close(SHUTDOWN_WAIT);
        LOG.info("sweeper of node {} stopped", config.node());
    }

    private static void awaitTermination(ExecutorService executor, String what) {
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {}", what, SHUTDOWN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
