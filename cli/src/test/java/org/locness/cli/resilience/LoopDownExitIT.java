package org.locness.cli.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.run.ServiceRunner;

/** A process whose consumer loop stops for good exits non-zero by itself, so K3s restarts it. */
class LoopDownExitIT {
    @Test
    void aLoopStoppedForGoodEndsTheProcessWithANonZeroExitNamingTheLoop(@TempDir Path dir) throws Exception {
        Process process = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                DyingLoopService.class.getName(), "127.0.0.1:" + freePort(), Integer.toString(freePort()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(dir.resolve("out.log"));
        assertTrue(exited, "the process kept running with its loop dead:\n" + log);
        assertEquals(ServiceRunner.LOOP_DOWN, process.exitValue(), log);
        assertTrue(log.contains("dying exits: dying-loop stopped for good"), log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
