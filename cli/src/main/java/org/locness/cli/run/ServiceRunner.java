package org.locness.cli.run;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.locness.events.kafka.LoopHealth;
import org.locness.events.metrics.MeteredService;
import org.locness.events.metrics.MetricsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one long-lived component the way K3s runs it, the same way for every component: serve
 * {@code /metrics} on the port of its configuration, start it, then wait for SIGTERM/SIGINT and close
 * it in order (consumer loops commit what is done and stop; metrics go last). A consumer loop that
 * stops for good ({@link LoopHealth} down) ends the process with a non-zero exit, so the orchestrator
 * restarts it rather than keep a process that no longer works.
 */
public final class ServiceRunner {
    /** Exit code when a loop of the component stopped for good. */
    public static final int LOOP_DOWN = 1;
    /** Every interface: the orchestrator's scraper and probes reach the pod from outside. */
    private static final String METRICS_HOST = "0.0.0.0";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);

    private ServiceRunner() {
    }

    /**
     * Serves a new registry tagged {@code component} on {@code metricsPort}, starts the component with
     * it and returns the exit code: 0 once it was stopped by a signal, or {@link #LOOP_DOWN} as soon as
     * a loop registered in the registry is down for good (the caller exits, and the shutdown hook
     * closes the component).
     *
     * @throws MetricsServer.PortInUseException when the port is taken; nothing was started
     */
    public static int run(String component, int metricsPort, MeteredService.Starter<? extends AutoCloseable> starter)
            throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry(component);
        MeteredService<?> service = MeteredService.start(registry, METRICS_HOST, metricsPort, starter);
        LOG.info("{} started, metrics on :{}", component, service.metricsPort());
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
            List<String> down = LoopHealth.downLoops(registry);
            if (!down.isEmpty()) {
                LOG.error("{} exits: {} stopped for good (see the error above); the orchestrator restarts it",
                        component, String.join(", ", down));
                return LOOP_DOWN;
            }
        }
        return 0;
    }
}
