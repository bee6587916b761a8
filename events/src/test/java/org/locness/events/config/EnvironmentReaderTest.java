package org.locness.events.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.id.NodeName;

class EnvironmentReaderTest {

    private static EnvironmentReader reader(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return new EnvironmentReader(env, "demo");
    }

    private static String problems(EnvironmentReader read) {
        return assertThrows(IllegalArgumentException.class, read::throwIfProblems).getMessage();
    }

    @Test
    void unsetAndBlankAreTheSameAndValuesAreTrimmed() {
        EnvironmentReader read = reader("BLANK", "  ", "PADDED", " value ");

        assertEquals(Optional.empty(), read.text("UNSET"));
        assertEquals(Optional.empty(), read.text("BLANK"));
        assertEquals(Optional.of("value"), read.text("PADDED"));
        assertDoesNotThrow(read::throwIfProblems);
    }

    @Test
    void defaultsApplyWhenUnsetOrBlank() {
        EnvironmentReader read = reader("BLANK", "");

        assertEquals(7, read.integer("BLANK", 7, "a number"));
        assertEquals(9400, read.port("UNSET", 9400));
        assertEquals(Duration.ofMinutes(5), read.duration("UNSET", Duration.ofMinutes(5), "PT5M"));
        assertTrue(read.flag("UNSET", true));
        assertEquals(Path.of("/data/local"), read.directory("UNSET", Path.of("/data/local")));
        assertDoesNotThrow(read::throwIfProblems);
    }

    @Test
    void validValuesAreParsed() {
        EnvironmentReader read = reader("N", " 42 ", "PORT", "0", "WAIT", "PT0.5S", "ON", "TRUE", "OFF", "False",
                "DIR", "/srv/locness/../staging", "NODE", " vm1 ");

        assertEquals(42, read.integer("N", 1, "a number"));
        assertEquals(0, read.port("PORT", 9400));
        assertEquals(Duration.ofMillis(500), read.duration("WAIT", Duration.ZERO, "PT5S"));
        assertTrue(read.flag("ON", false));
        assertFalse(read.flag("OFF", true));
        assertEquals(Path.of("/srv/staging"), read.directory("DIR", null));
        assertEquals(NodeName.of("vm1"), read.identifier("NODE", "name the node", NodeName::of));
        assertDoesNotThrow(read::throwIfProblems);
    }

    @Test
    void everyProblemIsReportedAtOnceInTheComponentsMessage() {
        EnvironmentReader read = reader("N", "many", "PORT", "http", "WAIT", " 30 minutes ", "ON", "maybe",
                "DIR", "relative/dir", "NODE", "VM 1");

        assertEquals(3, read.integer("N", 3, "a number of uploads such as 2"));
        assertEquals(9400, read.port("PORT", 9400));
        assertNull(read.duration("WAIT", Duration.ofMinutes(30), "PT30M or PT5M"));
        assertFalse(read.flag("ON", false));
        assertNull(read.directory("DIR", Path.of("/data/local")));
        assertNull(read.identifier("NODE", "name the node", NodeName::of));
        assertNull(read.identifier("MISSING", "name the inference node this process serves, e.g. vm1", NodeName::of));
        read.problem("N must be in 1..32, was 0");

        String message = problems(read);

        assertTrue(message.startsWith("invalid demo configuration:\n  - N: 'many' is not a number of uploads such as 2\n"
                + "  - PORT: 'http' is not a port number\n"
                + "  - WAIT: '30 minutes' is not an ISO-8601 duration such as PT30M or PT5M\n"
                + "  - ON: 'maybe' is neither true nor false\n"
                + "  - DIR: 'relative/dir' must be an absolute path\n"
                + "  - NODE: "), message);
        assertTrue(message.endsWith("\n  - MISSING is not set: name the inference node this process serves, e.g. vm1\n"
                + "  - N must be in 1..32, was 0"), message);
        assertEquals(8, message.split("\n  - ").length - 1, message);
    }

    @Test
    void aFactorysIllegalArgumentBecomesAProblemAndNull() {
        EnvironmentReader read = reader();

        assertEquals("made", read.attempt(() -> "made"));
        assertNull(read.attempt(() -> {
            throw new IllegalArgumentException("LOCNESS_KAFKA_BOOTSTRAP is not set");
        }));

        assertEquals("invalid demo configuration:\n  - LOCNESS_KAFKA_BOOTSTRAP is not set", problems(read));
    }

    @Test
    void otherFactoryFailuresAreNotSwallowed() {
        EnvironmentReader read = reader();

        assertThrows(IllegalStateException.class, () -> read.attempt(() -> {
            throw new IllegalStateException("a bug, not a setting");
        }));
        assertDoesNotThrow(read::throwIfProblems);
    }

    @Test
    void portsOutsideTheirRangeAreProblems() {
        assertEquals(Optional.of("PORT must be a port in 0..65535, was 70000"), EnvironmentReader.portProblem("PORT", 70000));
        assertEquals(Optional.of("PORT must be a port in 0..65535, was -1"), EnvironmentReader.portProblem("PORT", -1));
        assertEquals(Optional.empty(), EnvironmentReader.portProblem("PORT", 0));
        assertEquals(Optional.empty(), EnvironmentReader.portProblem("PORT", 65535));
    }

    @Test
    void constructorsThrowInTheSameFormat() {
        assertDoesNotThrow(() -> EnvironmentReader.throwIfAny("demo", List.of()));

        String message = assertThrows(IllegalArgumentException.class,
                () -> EnvironmentReader.throwIfAny("demo", List.of("A is required", "B is required"))).getMessage();

        assertEquals("invalid demo configuration:\n  - A is required\n  - B is required", message);
    }
}
