package org.locness.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.topic.Topic;

/** `locness stack` as a user starts it: the packaged jar, export lines, then `ready`, then kcat works. */
class StackCommandIT {
    private static final Path JAR = Path.of("target", "locness.jar");

    @Test
    void printsExportsThenReadyAndServesEveryTopic(@TempDir Path dir) throws Exception {
        int kafka = freePort();
        Process stack = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString(), "stack", "--kafka-port", Integer.toString(kafka),
                "--s3-port", Integer.toString(freePort()), "--temporal-port", Integer.toString(freePort()),
                "--data-dir", dir.resolve("data").toString())
                .redirectError(dir.resolve("stderr.log").toFile()).start();
        try {
            Map<String, String> exports = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                    lines.add(line);
                    String[] kv = line.replaceFirst("^export ", "").split("=", 2);
                    exports.put(kv[0], kv[1]);
                }
            }
            assertTrue(lines.stream().allMatch(l -> l.startsWith("export LOCNESS_")), lines.toString());
            assertEquals("127.0.0.1:" + kafka, exports.get("LOCNESS_KAFKA_BOOTSTRAP"));
            assertTrue(exports.keySet().containsAll(List.of("LOCNESS_S3_ENDPOINT", "LOCNESS_S3_ACCESS_KEY",
                    "LOCNESS_S3_SECRET_KEY", "LOCNESS_TEMPORAL_TARGET")), exports.toString());

            if (Files.isExecutable(Path.of("/usr/bin/kcat"))) {
                Process list = new ProcessBuilder("kcat", "-L", "-b", exports.get("LOCNESS_KAFKA_BOOTSTRAP"))
                        .redirectErrorStream(true).start();
                String metadata = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(list.waitFor(30, TimeUnit.SECONDS));
                for (Topic topic : Topic.values()) {
                    assertTrue(metadata.contains("\"" + topic.topicName() + "\"") && metadata.contains("\"" + topic.dlqName() + "\""),
                            topic + " missing:\n" + metadata);
                }
            }
        } finally {
            stack.destroy();
            assertTrue(stack.waitFor(30, TimeUnit.SECONDS), "the stack did not stop on SIGTERM");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
