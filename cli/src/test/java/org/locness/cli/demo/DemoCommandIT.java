package org.locness.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void withoutANodeEveryJobIsPartialAndWithoutBothEveryJobFailsAtTheDeadline(@TempDir Path dir) throws Exception {
        String vm1Models = "[gemma-4b-tiny, gemma-7b-tiny, mistral-7b-tiny]";
        String allModels = "[gemma-2b-tiny, gemma-4b-tiny, gemma-7b-tiny, mistral-7b-tiny, phi-3-mini-tiny, qwen-7b-tiny]";

        // given vm1 left out: vm2's three models hold 3.0 of 6.9 weight, above the ensemble's 40 % quorum
        String output = runDemo(dir, "--without-node", "vm1", "--deadline", "PT20S");
        // then every job is PARTIAL, naming vm1's three models, and the demo says which deadline it used
        assertTrue(output.contains("aggregator deadline PT20S from each job's ready event"), output);
        for (String symbol : new String[] {"BTC", "ETH"}) {
            assertTrue(output.lines().anyMatch(l -> l.startsWith(symbol + " ") && l.contains("PARTIAL")
                    && l.endsWith("missing " + vm1Models)), symbol + " row:\n" + output);
        }
        assertTrue(output.contains("2/2 jobs with a consensus, 6 model results"), output);

        // given both nodes left out: no model ever answers
        output = runDemo(dir, "--without-node", "vm1", "--without-node", "vm2", "--deadline", "PT3S");
        // then every job is FAILED at the deadline, every model named missing
        for (String symbol : new String[] {"BTC", "ETH"}) {
            assertTrue(output.lines().anyMatch(l -> l.startsWith(symbol + " ") && l.contains("FAILED")
                    && l.contains("deadline PT3S passed: 0 of 6 models succeeded") && l.endsWith("missing: " + allModels)),
                    symbol + " row:\n" + output);
        }
        assertTrue(output.contains("2/2 jobs with a consensus, 0 model results"), output);
    }

    /** Runs the demo on two symbols with the demo ensemble; asserts exit 0 and returns what it printed. */
    private static String runDemo(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--symbols", "2", "--data-dir", dir.resolve("demo").toString(),
                "--ensemble", PipelineFixture.DEMO_ENSEMBLE.toString(), "--verbose"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            exit = Locness.commandLine().execute(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        stdout.println(output);
        assertEquals(0, exit, output);
        return output;
    }
}
