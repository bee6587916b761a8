package org.locness.events.id;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locness.events.InvalidEventException;

class IdentifiersTest {
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.locness.events.id.IdentifierSamples#accepted")
    void validValuesAreAccepted(String field, String value) {
        assertEquals(value, assertDoesNotThrow(() -> IdentifierSamples.parse(field, value)).toString());
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("org.locness.events.id.IdentifierSamples#rejected")
    void invalidValuesAreRejectedNamingTheField(String field, String value) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> IdentifierSamples.parse(field, value));
        assertEquals(field, e.field());
    }

    @Test
    void nullIsRequiredNotInvalid() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> Symbol.of(null));
        assertEquals("is required", e.reason());
    }

    @Test
    void longValuesAreAbbreviatedInTheReason() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> JobId.of("J".repeat(200)));
        assertTrue(e.reason().startsWith("'" + "J".repeat(37) + "...' is not a job id"), e.reason());
    }

    @Test
    void jobIdsAreDerivedDeterministically() {
        JobId id = JobId.derive(Symbol.of("BRK.B"), TradingDate.of("2026-11-27"), 7);
        assertEquals("BRK.B-2026-11-27-007", id.value());
        assertEquals(id, JobId.derive(Symbol.of("BRK.B"), TradingDate.of("2026-11-27"), 7));
        assertEquals("sequence", assertThrows(InvalidEventException.class,
                () -> JobId.derive(Symbol.of("BTC"), TradingDate.of("2026-11-27"), 1000)).field());
    }

    @Test
    void datesCompareAndStepByCalendarDays() {
        TradingDate leapDay = TradingDate.of("2028-02-29");
        assertEquals(TradingDate.of("2028-03-01"), leapDay.plusDays(1));
        assertEquals(TradingDate.of("2028-02-28"), leapDay.minusDays(1));
        assertTrue(leapDay.compareTo(leapDay.plusDays(1)) < 0);
    }

    @Test
    void objectKeysKnowTheirFileName() {
        assertEquals("2026-11-27.parquet", ObjectKey.of("market-data/BTC/2026-11-27.parquet").fileName());
        assertEquals("top.parquet", ObjectKey.of("top.parquet").fileName());
    }
}
