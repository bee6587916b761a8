package org.locness.inference.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.InvalidEventException;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;

/** The date a cached file is named after comes from the lake key, and only from a key of the layout. */
class DailyCacheTest {
    @Test
    void datesComeFromTheKeys() {
        assertEquals(TradingDate.of("2026-11-27"), DailyCache.contextDate(ObjectKey.of("daily-prepared/2026-11-27.parquet")));
        assertEquals(TradingDate.of("2026-11-26"),
                DailyCache.patternsDate(ObjectKey.of("patterns/2026-11-26/unified.parquet")));
    }

    @Test
    void anAnnouncementWhoseKeyIsNotItsDaysObjectIsRefusedBeforeAnyFetch(@TempDir Path dir) {
        Lake unreachable = Lake.connect(new LakeSettings("http://127.0.0.1:1", "k", "s", "lake"));
        DailyCache cache = new DailyCache(new StagingDirectory(dir), unreachable,
                new CacheMetrics(new SimpleMeterRegistry(), NodeName.of("vm1")));
        TradingDate date = TradingDate.of("2026-11-27");

        InvalidEventException context = assertThrows(InvalidEventException.class,
                () -> cache.refreshContext(date, ObjectKey.of("daily-prepared/2026-11-26.parquet")));
        InvalidEventException patterns = assertThrows(InvalidEventException.class,
                () -> cache.refreshPatterns(date, ObjectKey.of("daily-prepared/2026-11-27.parquet")));

        assertEquals("key", context.field());
        assertTrue(patterns.getMessage().contains("is not the day's object patterns/2026-11-27/unified.parquet"),
                patterns.getMessage());
    }

    @Test
    void keysOutsideTheLayoutAreRefusedNamingTheField() {
        for (String key : new String[] {"daily-prepared/2026-02-30.parquet", "daily-prepared/latest.parquet",
            "daily-prepared/2026-11-27.csv", "market-data/BTC/2026-11-27.parquet", "daily-prepared/.parquet"}) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> DailyCache.contextDate(ObjectKey.of(key)), key);
            assertEquals("contextKey", e.field());
        }
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> DailyCache.patternsDate(ObjectKey.of("patterns/2026-11-26/extra/unified.parquet")));
        assertEquals("patternsKey", e.field());
        assertTrue(e.getMessage().contains("patterns/<date>/unified.parquet"), e.getMessage());
    }
}
