package org.locness.cli.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.testing.EmbeddedStackTest;

/**
 * Each component as K3s runs it: the packaged jar, one subcommand, configuration from the
 * environment. It comes up, serves its metrics, and stops in order on SIGTERM.
 */
@EmbeddedStackTest(temporal = true)
class ServiceCommandsIT {
    private static final Path JAR = Path.of("target", "locness.jar");
    private static final Path ENSEMBLE = Path.of("").toAbsolutePath().getParent().resolve("config/ensemble-demo.yaml");

    static Stream<Arguments> components() {
        return Stream.of(
                Arguments.of("ingest", "locness_consumer_records_total", List.of("ingest"),
                        Map.of("LOCNESS_ENSEMBLE", ENSEMBLE.toString())),
                Arguments.of("inference-node", "locness_model_cpus{", List.of("inference-node", "--node", "vm1", "--model",
                        "gemma-7b-tiny"), Map.of("LOCNESS_ENSEMBLE", ENSEMBLE.toString(), "LOCNESS_STAGING_DIR",
                        "{dir}/vm1", "LOCNESS_MODEL_CACHE_DIR", "{dir}/models")),
                Arguments.of("sweeper", "locness_sweeper_staging_disk_usage_bytes", List.of("sweeper", "--node", "vm1"),
                        Map.of("LOCNESS_STAGING_DIR", "{dir}/vm1")),
                Arguments.of("aggregator", "locness_consensus_published_total", List.of("aggregator"),
                        Map.of("LOCNESS_AGGREGATOR_STATE_DIR", "{dir}/aggregator")),
                Arguments.of("daily-prep", "temporal_", List.of("daily-prep"),
                        Map.of("LOCNESS_DAILY_PREP_WORK_DIR", "{dir}/prep")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void startsServesMetricsAndStopsOnSigterm(String component, String startedMeter, List<String> args,
            Map<String, String> settings,
            EmbeddedStack stack, @TempDir Path dir) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-Dai.djl.offline=true", "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(component + ".log").toFile());
        builder.environment().putAll(stack.environment());
        builder.environment().put("LOCNESS_METRICS_PORT", Integer.toString(port));
        settings.forEach((k, v) -> builder.environment().put(k, v.replace("{dir}", dir.toString())));
        Process process = builder.start();
        try {
            // A meter the component registers once it is running, not just the /metrics server.
            String metrics = awaitMetrics(process, port, startedMeter, dir.resolve(component + ".log"));
            assertTrue(metrics.contains("component=\"" + component + "\""), metrics);
        } finally {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), component + " did not stop on SIGTERM");
        }
        int exit = process.exitValue();
        assertTrue(exit == 0 || exit == 143, component + " exited " + exit + ":\n" + Files.readString(dir.resolve(component + ".log")));
    }

    private static String awaitMetrics(Process process, int port, String meter, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("exited " + process.exitValue() + " before serving metrics:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains(meter)) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + meter + " on port " + port + " within 90 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
