package org.locness.cli.observability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of Debian's monitoring binaries as a child process serving HTTP on 127.0.0.1, its output in
 * a log file of the test's directory; stopped on close.
 */
final class LocalServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code command} (already given {@code port}) and waits until {@code healthPath} answers 200. */
    static LocalServer start(List<String> command, int port, String healthPath, Path log)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LocalServer server = new LocalServer(process, port);
        try {
            server.awaitHealthy(healthPath, command.get(0));
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitHealthy(String path, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " (see its log)");
            }
            try {
                if (get(path).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer " + path + " within 30 s");
    }

    int port() {
        return port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
