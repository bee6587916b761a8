package org.locness.cli.resilience;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code locness stack} from the packaged jar as a child process, so a test can freeze the whole
 * broker with {@code kill -STOP} and thaw it with {@code kill -CONT}, as an operator's outage does.
 */
final class StackProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "locness.jar");

    private final Process process;
    private final Map<String, String> exports;

    private StackProcess(Process process, Map<String, String> exports) {
        this.process = process;
        this.exports = exports;
    }

    static StackProcess start(Path dir) throws IOException {
        Process process = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString(), "stack", "--no-temporal",
                "--kafka-port", Integer.toString(freePort()), "--s3-port", Integer.toString(freePort()),
                "--data-dir", dir.resolve("data").toString())
                .redirectError(dir.resolve("stack.log").toFile()).start();
        Map<String, String> exports = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                String[] kv = line.replaceFirst("^export ", "").split("=", 2);
                exports.put(kv[0], kv[1]);
            }
        }
        if (!exports.containsKey("LOCNESS_KAFKA_BOOTSTRAP")) {
            process.destroyForcibly();
            throw new IllegalStateException("the stack did not start; see " + dir.resolve("stack.log"));
        }
        return new StackProcess(process, exports);
    }

    String kafkaBootstrap() {
        return exports.get("LOCNESS_KAFKA_BOOTSTRAP");
    }

    Map<String, String> environment() {
        return Map.copyOf(exports);
    }

    /** Freezes every thread of the stack: connections stay open, nothing answers. */
    void freeze() throws Exception {
        signal("-STOP");
    }

    void thaw() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        thaw();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
