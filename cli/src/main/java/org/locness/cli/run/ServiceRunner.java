package org.locness.cli.run;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.locness.events.metrics.MetricsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one long-lived component the way K3s runs it: metrics on {@code /metrics}, then the
 * component, until SIGTERM/SIGINT, then an orderly close (loops commit what is done and stop).
 */
public final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    /** Starts a component on a registry; what it returns is closed on shutdown. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start(PrometheusMeterRegistry registry) throws Exception;
    }

    private ServiceRunner() {
    }

    public static int run(String component, int metricsPort, Starter starter) throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry(component);
        CountDownLatch stopped = new CountDownLatch(1);
        try (MetricsServer metrics = MetricsServer.start(registry, "0.0.0.0", metricsPort)) {
            AutoCloseable service = starter.start(registry);
            LOG.info("{} started; metrics on :{}/metrics", component, metrics.port());
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
            stopped.await();
        }
        return 0;
    }
}
