package org.locness.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.Locness;

/** `locness demo` itself, as a new user runs it, twice in a row on the same data directory. */
class DemoCommandIT {

    @Test
    void demoPrintsTheConsensusTableAndExitsZeroTwiceInARow(@TempDir Path dir) throws Exception {
        String[] args = {"demo", "--symbols", "3", "--data-dir", dir.resolve("demo").toString(), "--ensemble",
            PipelineFixture.DEMO_ENSEMBLE.toString(), "--verbose"};

        for (int run = 1; run <= 2; run++) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream stdout = System.out;
            int exit;
            try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
                System.setOut(out);
                exit = Locness.commandLine().execute(args);
            } finally {
                System.setOut(stdout);
            }
            String output = captured.toString(StandardCharsets.UTF_8);
            stdout.println(output);

            assertEquals(0, exit, output);
            assertTrue(output.contains("symbol   prediction status"), output);
            for (String symbol : new String[] {"BTC", "ETH", "SOL"}) {
                assertTrue(output.lines().anyMatch(l -> l.startsWith(symbol + " ") && l.contains("COMPLETE")),
                        symbol + " row missing in run " + run + ":\n" + output);
            }
            assertTrue(output.contains("3/3 jobs with a consensus, 18 model results"), output);
            assertTrue(output.contains("read_parquet("), output);
            assertTrue(Files.exists(dir.resolve("demo/.locness-demo")));
        }
    }
}
