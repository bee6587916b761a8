package org.locness.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Debian's {@code vmalert} evaluating a rules file against a {@link VictoriaMetricsProcess} every
 * second. Its notifications go to a local sink that accepts them: the test reads the alerts from
 * vmalert's own API, as an operator's Grafana or curl would.
 */
final class VmAlertProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/vmalert");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An active alert as /api/v1/alerts lists it. */
    record Alert(String name, String state, Map<String, String> labels, String value) {
    }

    private final HttpServer sink;
    private final LocalServer server;

    private VmAlertProcess(HttpServer sink, LocalServer server) {
        this.sink = sink;
        this.server = server;
    }

    static VmAlertProcess start(Path dir, Path rules, VictoriaMetricsProcess datasource) throws IOException, InterruptedException {
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        try {
            int port = LocalServer.freePort();
            return new VmAlertProcess(sink, LocalServer.start(List.of(BINARY.toString(), "-httpListenAddr=127.0.0.1:" + port,
                    "-rule=" + rules, "-datasource.url=" + datasource.url(), "-evaluationInterval=1s",
                    "-notifier.url=http://127.0.0.1:" + sink.getAddress().getPort()), port, "/health", dir.resolve("vmalert.log")));
        } catch (IOException | RuntimeException | InterruptedException e) {
            sink.stop(0);
            throw e;
        }
    }

    /** Pending and firing alerts. */
    List<Alert> alerts() throws IOException, InterruptedException {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : JSON.readTree(server.get("/api/v1/alerts").body()).path("data").path("alerts")) {
            Map<String, String> labels = new TreeMap<>();
            alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            alerts.add(new Alert(alert.path("name").asText(), alert.path("state").asText(), labels,
                    alert.path("value").asText()));
        }
        return alerts;
    }

    /** Rule name → its last evaluation; fails on a rule whose evaluation errs (a query VictoriaMetrics rejects). */
    Map<String, Instant> lastEvaluations() throws IOException, InterruptedException {
        Map<String, Instant> evaluated = new TreeMap<>();
        for (JsonNode group : JSON.readTree(server.get("/api/v1/rules").body()).path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("name").asText();
                if (!rule.path("lastError").asText().isEmpty()) {
                    throw new AssertionError("rule " + name + " failed: " + rule.path("lastError").asText());
                }
                evaluated.put(name, Instant.parse(rule.path("lastEvaluation").asText()));
            }
        }
        return evaluated;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } finally {
            sink.stop(0);
        }
    }
}
