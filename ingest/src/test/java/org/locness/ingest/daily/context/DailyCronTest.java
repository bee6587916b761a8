package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.id.TradingDate;

class DailyCronTest {
    private static final LocalDate FROM = LocalDate.of(2026, 11, 27);

    @Test
    void utcIsTheIssuesPlainCron() {
        assertEquals("0 6 * * *", DailyCron.expression(ZoneId.of("UTC"), DailyCron.PREP_TIME, FROM));
    }

    @Test
    void zonesWithSummerTimeFireAtBothPossibleUtcHours() {
        assertEquals("0 5,6 * * *", DailyCron.expression(ZoneId.of("Europe/London"), DailyCron.PREP_TIME, FROM));
        assertEquals("0 10,11 * * *", DailyCron.expression(ZoneId.of("America/New_York"), DailyCron.PREP_TIME, FROM));
        assertEquals("0 17,18 * * *", DailyCron.expression(ZoneId.of("Pacific/Auckland"), DailyCron.PREP_TIME, FROM));
    }

    @Test
    void fixedOffsetsIncludingHalfHoursFireOnce() {
        assertEquals("30 0 * * *", DailyCron.expression(ZoneId.of("Asia/Kolkata"), DailyCron.PREP_TIME, FROM));
        assertEquals("0 21 * * *", DailyCron.expression(ZoneId.of("Asia/Tokyo"), DailyCron.PREP_TIME, FROM));
    }

    @Test
    void aRunIsDueFromSixLocalTimeForTodayInTheZone() {
        ZoneId london = ZoneId.of("Europe/London");
        assertEquals(Optional.empty(), DailyCron.dueDate(Instant.parse("2026-11-27T05:00:00Z"), london, DailyCron.PREP_TIME));
        assertEquals(Optional.of(TradingDate.of("2026-11-27")),
                DailyCron.dueDate(Instant.parse("2026-11-27T06:00:00Z"), london, DailyCron.PREP_TIME));
        assertEquals(Optional.of(TradingDate.of("2026-07-01")),
                DailyCron.dueDate(Instant.parse("2026-07-01T05:00:00Z"), london, DailyCron.PREP_TIME));
        assertEquals(Optional.of(TradingDate.of("2026-11-28")), DailyCron.dueDate(Instant.parse("2026-11-27T17:00:00Z"),
                ZoneId.of("Pacific/Auckland"), DailyCron.PREP_TIME));
    }
}
