package org.locness.cli.observability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's {@code victoria-metrics} as a child process, scraping the given targets every second,
 * so the seed's PromQL queries can be asked of what the components really export.
 */
final class VictoriaMetricsProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/victoria-metrics");

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private VictoriaMetricsProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code targets}: job name → host:port of a /metrics endpoint. */
    static VictoriaMetricsProcess start(Path dir, Map<String, String> targets) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String jobs = targets.entrySet().stream().map(e -> "  - job_name: " + e.getKey() + "\n"
                + "    static_configs:\n      - targets: ['" + e.getValue() + "']\n").collect(Collectors.joining());
        Path scrape = Files.writeString(dir.resolve("scrape.yml"),
                "global:\n  scrape_interval: 1s\nscrape_configs:\n" + jobs);
        Process process = new ProcessBuilder(BINARY.toString(), "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dir.resolve("data"), "-retentionPeriod=1d", "-promscrape.config=" + scrape,
                "-search.latencyOffset=1s").redirectErrorStream(true)
                .redirectOutput(dir.resolve("victoria-metrics.log").toFile()).start();
        VictoriaMetricsProcess vm = new VictoriaMetricsProcess(process, port);
        vm.awaitHealthy();
        return vm;
    }

    private void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("victoria-metrics did not become healthy within 30 s");
    }

    /** Instant query; returns the raw JSON body of /api/v1/query. */
    String query(String promql) throws IOException, InterruptedException {
        get("/internal/force_flush");
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> values(String body) {
        return List.of(body.split("\"value\":\\[")).stream().skip(1)
                .map(s -> s.substring(s.indexOf(',') + 1, s.indexOf(']')).replace("\"", "")).toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
