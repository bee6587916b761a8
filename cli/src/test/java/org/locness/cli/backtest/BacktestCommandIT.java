package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.Locness;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.ModelSpec;

/**
 * `locness backtest` end to end on the embedded stack: two days of two symbols through prep, jobs,
 * models, consensus, outcomes, scores and weights; the TSV on stdout and in --out, and the chart.
 */
class BacktestCommandIT {
    static final Path DEMO_ENSEMBLE = Path.of("").toAbsolutePath().getParent().resolve("config/ensemble-demo.yaml");

    @Test
    void twoDaysOfTwoSymbolsScoreEveryModelAndBothConsensusKindsOnFourJobs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        String stdout = run("backtest", "--days", "2", "--symbols", "2", "--format", "tsv", "--out", out.toString(),
                "--data-dir", dir.resolve("data").toString(), "--ensemble", DEMO_ENSEMBLE.toString(), "--verbose");

        // --verbose sends the components' logs to the console too; the table is printed after they stopped
        assertTrue(stdout.contains(ScoreTable.TSV_HEADER), stdout);
        String tsv = stdout.substring(stdout.indexOf(ScoreTable.TSV_HEADER));
        assertEquals(tsv, Files.readString(out.resolve("backtest.tsv")));
        List<String> lines = tsv.lines().toList();
        assertEquals("name\tbrier\tlogloss\thit_rate\tece\tjobs", lines.get(0), stdout);
        List<String> models = EnsembleLoader.load(DEMO_ENSEMBLE).models().stream().map(m -> m.name().value()).sorted()
                .toList();
        List<String> names = lines.subList(1, lines.size()).stream().map(l -> l.split("\t")[0]).toList();
        assertEquals(concat(models, List.of("consensus-static", "consensus-adaptive")), names, stdout);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            assertEquals(6, cells.length, line);
            assertEquals("4", cells[5], "every model answers every job of 2 days x 2 symbols: " + line);
            double brier = Double.parseDouble(cells[1]);
            assertTrue(brier >= 0 && brier <= 2, line);
        }
        BufferedImage png = ImageIO.read(out.resolve("backtest.png").toFile());
        assertNotNull(png, "backtest.png decodes");
        assertEquals(2 * BacktestChart.PANEL_WIDTH, png.getWidth());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Runs the command with stdout captured; asserts exit 0 and returns what it printed there. */
    static String run(String... args) {
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
        return output;
    }
}
