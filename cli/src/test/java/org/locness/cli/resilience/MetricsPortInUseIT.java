package org.locness.cli.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second component started by hand on a taken metrics port says which port and how to pick another, in one line. */
class MetricsPortInUseIT {
    private static final Path JAR = Path.of("target", "locness.jar");

    @Test
    void aTakenMetricsPortIsOneLineNamingThePortAndTheSettingAndANonZeroExit(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            ProcessBuilder builder = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString(), "sweeper", "--node", "vm1",
                    "--staging-dir", dir.resolve("vm1").toString())
                    .redirectOutput(dir.resolve("out.log").toFile()).redirectError(dir.resolve("err.log").toFile());
            builder.environment().put("LOCNESS_KAFKA_BOOTSTRAP", "127.0.0.1:1");
            builder.environment().put("LOCNESS_S3_ENDPOINT", "http://127.0.0.1:1");
            builder.environment().put("LOCNESS_S3_ACCESS_KEY", "it");
            builder.environment().put("LOCNESS_S3_SECRET_KEY", "it-secret-key");
            builder.environment().put("LOCNESS_METRICS_PORT", Integer.toString(taken.getLocalPort()));
            Process process = builder.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the sweeper did not exit");

            String err = Files.readString(dir.resolve("err.log"));
            assertTrue(process.exitValue() != 0, "exit code " + process.exitValue());
            assertTrue(err.lines().anyMatch(line -> line.startsWith("locness sweeper: metrics port " + taken.getLocalPort()
                    + " is already in use") && line.contains("LOCNESS_METRICS_PORT=<port>")
                    && line.contains("0 for any free port")), err);
            assertFalse(err.contains("\tat "), "no stack trace:\n" + err);
            assertEquals(2, process.exitValue(), "a setting to change: the CLI's configuration exit code");
        }
    }
}
