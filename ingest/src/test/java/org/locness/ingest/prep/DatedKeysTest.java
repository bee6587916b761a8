package org.locness.ingest.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;

class DatedKeysTest {
    private static final DatedKeys PREPARED = new DatedKeys("daily-prepared/", ".parquet");
    private static final DatedKeys PATTERNS = new DatedKeys("patterns/", "/unified.parquet");

    private static List<ObjectKey> keys(String... values) {
        return Arrays.stream(values).map(ObjectKey::of).toList();
    }

    @Test
    void picksTheDayItselfWhenPresent() {
        assertEquals(Optional.of(new DatedKeys.Dated(ObjectKey.of("daily-prepared/2026-11-29.parquet"),
                        TradingDate.of("2026-11-29"))),
                PREPARED.newestOnOrBefore(keys("daily-prepared/2026-11-27.parquet", "daily-prepared/2026-11-29.parquet",
                        "daily-prepared/2026-11-30.parquet"), TradingDate.of("2026-11-29")));
    }

    @Test
    void otherwiseTheNewestEarlierOneNeverALaterOne() {
        assertEquals(Optional.of(TradingDate.of("2026-11-27")),
                PREPARED.newestOnOrBefore(keys("daily-prepared/2026-11-30.parquet", "daily-prepared/2026-11-27.parquet",
                        "daily-prepared/2026-11-01.parquet"), TradingDate.of("2026-11-29")).map(DatedKeys.Dated::date));
        assertEquals(Optional.empty(),
                PREPARED.newestOnOrBefore(keys("daily-prepared/2026-11-30.parquet"), TradingDate.of("2026-11-29")));
    }

    @Test
    void keysOfAnotherShapeAreIgnored() {
        assertEquals(Optional.of(ObjectKey.of("patterns/2026-11-28/unified.parquet")),
                PATTERNS.newestOnOrBefore(keys("patterns/2026-11-29/other.parquet", "patterns/2026-11-28/unified.parquet",
                        "patterns/latest/unified.parquet", "patterns/2026-02-30/unified.parquet"),
                        TradingDate.of("2026-11-29")).map(DatedKeys.Dated::key));
        assertEquals(Optional.empty(), PREPARED.dateOf(ObjectKey.of("daily-prepared/.parquet")));
        assertEquals(Optional.empty(), PREPARED.dateOf(ObjectKey.of("daily-prepared/2026-11-29.csv")));
    }
}
