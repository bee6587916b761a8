package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.locness.cli.Locness;

/** The options of `locness backtest`: help and the mistakes caught before anything starts. */
class BacktestCommandTest {

    @Test
    void helpNamesEveryOptionAndTheColumns() {
        StringWriter out = new StringWriter();
        int exit = Locness.commandLine().setOut(new PrintWriter(out)).execute("backtest", "--help");

        String help = out.toString().replaceAll("\\s+", " ");
        assertEquals(0, exit, help);
        for (String option : new String[] {"--days=N", "--symbols=S", "--seed=K", "--format=FORMAT", "--out=DIR",
            "--data-dir=DIR", "--ensemble=FILE", "--market-data=DIR", "--bench", "--day-timeout"}) {
            assertTrue(help.contains(option), option + " in " + help);
        }
        assertTrue(help.contains("default: 7"), help);
        assertTrue(help.contains("consensus-static") && help.contains("consensus-adaptive"), help);
    }

    @Test
    void daysBelowOneIsAConfigurationError() {
        assertConfigError("--days must be at least 1, was 0", "backtest", "--days", "0");
    }

    @Test
    void symbolsBelowOneIsAConfigurationError() {
        assertConfigError("--symbols must be at least 1, was 0", "backtest", "--days", "2", "--symbols", "0");
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheChoices() {
        assertConfigError("expected one of [table, tsv]", "backtest", "--days", "2", "--format", "csv");
    }

    @Test
    void daysAreRequired() {
        assertConfigError("Missing required option: '--days=N'", "backtest");
    }

    private static void assertConfigError(String message, String... args) {
        StringWriter err = new StringWriter();
        int exit = Locness.commandLine().setErr(new PrintWriter(err)).execute(args);

        assertEquals(Locness.CONFIG_ERROR, exit, err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }
}
