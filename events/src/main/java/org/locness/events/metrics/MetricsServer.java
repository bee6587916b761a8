package org.locness.events.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.locness.events.kafka.LoopHealth;

/**
 * Serves a component's Prometheus metrics on {@code /metrics} (and {@code /health}) with the JDK's
 * HTTP server; VictoriaMetrics scrapes it. Port 0 picks a free port (tests, the demo).
 * {@code /health} answers 503 naming the loops that stopped for good ({@link LoopHealth}), so the
 * orchestrator's probe sees what the process's log says.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String PORT_ENV = "LOCNESS_METRICS_PORT";
    public static final int DEFAULT_PORT = 9400;

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;

    private MetricsServer(PrometheusMeterRegistry registry, HttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    public static PrometheusMeterRegistry newRegistry(String component) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("component", component);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Binds {@code host:port} and serves. A taken port fails with {@link PortInUseException}, whose
     * one-line message names the port and how to choose another.
     */
    public static MetricsServer start(PrometheusMeterRegistry registry, String host, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new PortInUseException(port, e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/health", exchange -> {
            List<String> down = LoopHealth.downLoops(registry);
            String text = down.isEmpty() ? "ok\n" : "down: " + String.join(", ", down) + " stopped for good\n";
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(down.isEmpty() ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new MetricsServer(registry, server);
    }

    /**
     * The metrics port is taken, typically by another component started by hand on the same machine.
     * An {@link IllegalArgumentException}: it is a setting to change, reported in one line.
     */
    public static final class PortInUseException extends IllegalArgumentException {
        private PortInUseException(int port, BindException cause) {
            super("metrics port " + port + " is already in use (" + cause.getMessage() + "): give this component "
                    + "another one with " + PORT_ENV + "=<port> or --metrics-port <port>, or 0 for any free port", cause);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
