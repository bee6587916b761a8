package org.locness.cli.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.locness.events.kafka.LoopHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one long-lived component the way K3s runs it: start it, then wait for SIGTERM/SIGINT and
 * close it in order (consumer loops commit what is done and stop; metrics go last). A consumer loop
 * that stops for good ({@link LoopHealth} down) ends the process with a non-zero exit, so the
 * orchestrator restarts it rather than keep a process that no longer works.
 */
public final class ServiceRunner {
    /** Exit code when a loop of the component stopped for good. */
    public static final int LOOP_DOWN = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);

    /** Starts a component; what it returns is closed on shutdown. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start() throws Exception;
    }

    private ServiceRunner() {
    }

    /**
     * Starts the component and returns its exit code: 0 once it was stopped by a signal, or
     * {@link #LOOP_DOWN} as soon as a loop registered in {@code metrics} is down for good (the caller
     * exits, and the shutdown hook closes the component).
     */
    public static int run(String component, MeterRegistry metrics, Starter starter) throws Exception {
        AutoCloseable service = starter.start();
        LOG.info("{} started", component);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} stopping", component);
            try {
                service.close();
            } catch (Exception e) {
                LOG.error("{} did not close cleanly", component, e);
            } finally {
                stopped.countDown();
            }
        }, component + "-shutdown"));
        while (!stopped.await(HEALTH_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            List<String> down = LoopHealth.downLoops(metrics);
            if (!down.isEmpty()) {
                LOG.error("{} exits: {} stopped for good (see the error above); the orchestrator restarts it",
                        component, String.join(", ", down));
                return LOOP_DOWN;
            }
        }
        return 0;
    }
}
