package org.locness.events.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.locness.events.EventSamples.BTC;
import static org.locness.events.EventSamples.DATE;
import static org.locness.events.EventSamples.GEMMA;
import static org.locness.events.EventSamples.JOB;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;

class LakeKeysTest {
    @Test
    void everyKeyFollowsTheLakeLayout() {
        assertEquals("lake", LakeKeys.BUCKET);
        assertEquals("market-data/BTC/2026-11-27.parquet", LakeKeys.marketData(BTC, DATE).value());
        assertEquals("pre-swept/BTC/bars.parquet", LakeKeys.preSwept(BTC, "bars.parquet").value());
        assertEquals("daily-prepared/2026-11-27.parquet", LakeKeys.dailyPrepared(DATE).value());
        assertEquals("patterns/2026-11-27/unified.parquet", LakeKeys.unifiedPatterns(DATE).value());
        assertEquals("staging/results/BTC-2026-11-27-001/gemma-7b.parquet", LakeKeys.stagedResult(JOB, GEMMA).value());
        assertEquals("staging/patterns/BTC-2026-11-27-001/gemma-7b.parquet", LakeKeys.stagedPatterns(JOB, GEMMA).value());
        assertEquals("gold/predictions/date=2026-11-27/symbol=BTC/BTC-2026-11-27-001.parquet",
                LakeKeys.goldPrediction(DATE, BTC, JOB).value());
        assertEquals("models/gemma-7b/", LakeKeys.modelPrefix(GEMMA));
    }

    @Test
    void keysLieUnderTheirPrefixes() {
        assertTrue(LakeKeys.marketData(BTC, DATE).startsWith(LakeKeys.marketDataPrefix(BTC)));
        assertTrue(LakeKeys.preSwept(BTC, "bars.parquet").startsWith(LakeKeys.preSweptPrefix(BTC)));
        assertTrue(LakeKeys.stagedResult(JOB, GEMMA).startsWith(LakeKeys.stagedResultsPrefix(JOB)));
        assertTrue(LakeKeys.stagedPatterns(JOB, GEMMA).startsWith(LakeKeys.stagedPatternsPrefix(JOB)));
        assertEquals("daily-archived/2026-11-27/BTC/", LakeKeys.dailyArchivedPrefix(DATE, BTC));
    }

    @Test
    void aMarketDataKeyGivesBackItsDateOnlyForItsOwnSymbol() {
        assertEquals(Optional.of(DATE), LakeKeys.marketDataDate(BTC, LakeKeys.marketData(BTC, DATE)));
        assertEquals(Optional.empty(), LakeKeys.marketDataDate(Symbol.of("ETH"), LakeKeys.marketData(BTC, DATE)));
        assertEquals(Optional.empty(), LakeKeys.marketDataDate(BTC, ObjectKey.of("market-data/BTC/latest.parquet")));
        assertEquals(Optional.empty(), LakeKeys.marketDataDate(BTC, ObjectKey.of("market-data/BTC/2026-02-30.parquet")));
        assertEquals(Optional.empty(), LakeKeys.marketDataDate(BTC, ObjectKey.of("market-data/BTC/2026-11-27.csv")));
        assertEquals(Optional.empty(), LakeKeys.marketDataDate(BTC, LakeKeys.preSwept(BTC, "2026-11-27.parquet")));
    }

    @Test
    void archivingKeepsThePreSweptRelativeName() {
        ObjectKey preSwept = LakeKeys.preSwept(BTC, "2026/11/bars-1.parquet");
        assertEquals("daily-archived/2026-11-27/BTC/2026/11/bars-1.parquet", LakeKeys.dailyArchived(DATE, BTC, preSwept).value());
    }

    @Test
    void archivingRefusesAnotherSymbolsObject() {
        ObjectKey other = LakeKeys.preSwept(Symbol.of("BTC.X"), "bars.parquet");
        assertThrows(IllegalArgumentException.class, () -> LakeKeys.dailyArchived(DATE, BTC, other));
        assertThrows(IllegalArgumentException.class,
                () -> LakeKeys.dailyArchived(DATE, BTC, LakeKeys.marketData(BTC, DATE)));
    }

    @Test
    void aFileNameCannotEscapeItsPrefix() {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> LakeKeys.preSwept(BTC, "../../models/x"));
        assertEquals("key", e.field());
        assertThrows(InvalidEventException.class, () -> LakeKeys.preSwept(BTC, "bars 1.parquet"));
    }
}
