package org.locness.cli.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.locness.cli.Locness;

class LagCommandTest {
    @Test
    void helpNamesTheOptionsAndTheWatchDefault() {
        StringWriter out = new StringWriter();
        int exit = Locness.commandLine().setOut(new PrintWriter(out)).execute("lag", "--help");

        String help = out.toString();
        assertEquals(0, exit, help);
        assertTrue(help.contains("--kafka-bootstrap"), help);
        assertTrue(help.contains("--watch[=SECONDS]"), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("(default when given without a value: 5)"), help);
        assertTrue(help.contains("--count"), help);
    }

    @Test
    void aWatchIntervalBelowOneSecondIsAConfigurationError() {
        StringWriter err = new StringWriter();
        int exit = Locness.commandLine().setErr(new PrintWriter(err))
                .execute("lag", "--kafka-bootstrap", "127.0.0.1:1", "--watch", "0");

        assertEquals(Locness.CONFIG_ERROR, exit, err.toString());
        assertTrue(err.toString().contains("--watch takes a number of seconds of at least 1"), err.toString());
    }
}
