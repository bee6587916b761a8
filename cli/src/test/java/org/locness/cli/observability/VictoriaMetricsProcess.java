package org.locness.cli.observability;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian's {@code victoria-metrics} as a child process, scraping the given targets every second,
 * so the seed's PromQL queries can be asked of what the components really export.
 */
final class VictoriaMetricsProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/victoria-metrics");

    private final LocalServer server;

    private VictoriaMetricsProcess(LocalServer server) {
        this.server = server;
    }

    /** {@code targets}: job name → host:port of a /metrics endpoint. */
    static VictoriaMetricsProcess start(Path dir, Map<String, String> targets) throws IOException, InterruptedException {
        int port = LocalServer.freePort();
        String jobs = targets.entrySet().stream().map(e -> "  - job_name: " + e.getKey() + "\n"
                + "    static_configs:\n      - targets: ['" + e.getValue() + "']\n").collect(Collectors.joining());
        Path scrape = Files.writeString(dir.resolve("scrape.yml"),
                "global:\n  scrape_interval: 1s\nscrape_configs:\n" + jobs);
        return new VictoriaMetricsProcess(LocalServer.start(List.of(BINARY.toString(), "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dir.resolve("data"), "-retentionPeriod=1d", "-promscrape.config=" + scrape,
                "-search.latencyOffset=1s"), port, "/health", dir.resolve("victoria-metrics.log")));
    }

    /** Its base URL, the data source of vmalert. */
    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Instant query; returns the raw JSON body of /api/v1/query. */
    String query(String promql) throws IOException, InterruptedException {
        server.get("/internal/force_flush");
        return server.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
    }

    static List<String> values(String body) {
        return List.of(body.split("\"value\":\\[")).stream().skip(1)
                .map(s -> s.substring(s.indexOf(',') + 1, s.indexOf(']')).replace("\"", "")).toList();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
