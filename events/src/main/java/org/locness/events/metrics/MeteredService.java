package org.locness.events.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A started service and the {@code /metrics} server of its registry: the one place a component's
 * metrics endpoint is started and stopped. Services only record meters on the registry they are
 * given; whoever runs them (the CLI's runner, the demo, a test) serves it through this class.
 *
 * <p>The port is bound first, so a taken port fails the start before the service opens any client
 * or thread; on close the service stops first and {@code /metrics} last, so its final counts can
 * still be scraped while it shuts down.
 *
 * @param <S> the service
 */
public final class MeteredService<S extends AutoCloseable> implements AutoCloseable {
    /** Starts a service whose meters go to {@code registry}. */
    @FunctionalInterface
    public interface Starter<S> {
        S start(PrometheusMeterRegistry registry) throws Exception;
    }

    private final S service;
    private final MetricsServer metrics;

    private MeteredService(S service, MetricsServer metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /**
     * Serves {@code registry} on {@code host:port} (0 = any free port), then starts the service.
     *
     * @throws MetricsServer.PortInUseException when the port is taken; nothing was started
     */
    public static <S extends AutoCloseable> MeteredService<S> start(PrometheusMeterRegistry registry, String host,
            int port, Starter<S> starter) throws Exception {
        MetricsServer metrics = MetricsServer.start(registry, host, port);
        try {
            return new MeteredService<>(starter.start(registry), metrics);
        } catch (Exception | Error e) {
            metrics.close();
            throw e;
        }
    }

    public S service() {
        return service;
    }

    public PrometheusMeterRegistry registry() {
        return metrics.registry();
    }

    /** The port {@code /metrics} is served on (the one picked when 0 was asked for). */
    public int metricsPort() {
        return metrics.port();
    }

    /** Closes the service, then stops serving its metrics. */
    @Override
    public void close() throws Exception {
        try (metrics) {
            service.close();
        }
    }
}
