package org.locness.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.ingest.testing.TestEnsembles;

class RequestResolverTest {
    private static final Ensemble ENSEMBLE = TestEnsembles.production();
    /** 2026-11-29 23:30 UTC: already the 30th in Tokyo. */
    private static final Instant LATE_EVENING_UTC = Instant.parse("2026-11-29T23:30:00Z");
    private static final Clock PROCESSING_CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

    private static RequestResolver resolver(String zone) {
        return new RequestResolver(ENSEMBLE, ZoneId.of(zone), PROCESSING_CLOCK, new DateBound(1, "MAX_DAYS"));
    }

    private static JobRequested on(String date) {
        return new JobRequested(Symbol.of("BTC"), TradingDate.of(date), null, null);
    }

    @Test
    void theDateIsBoundedByTheClocksTomorrowInTheZone() {
        // The clock says 2026-12-05 10:00 UTC: tomorrow is the 6th in UTC; in Kiritimati (UTC+14) it is already the 7th.
        assertEquals(TradingDate.of("2026-12-06"), resolver("UTC").resolve(on("2026-12-06"), 0).date());
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> resolver("UTC").resolve(on("2026-12-07"), LATE_EVENING_UTC.toEpochMilli()));
        assertEquals("date", e.field());
        assertEquals("'2026-12-07' is after 2026-12-06, the latest date accepted (today 2026-12-05 + 1 day(s), MAX_DAYS)",
                e.reason());
        assertEquals(TradingDate.of("2026-12-07"), resolver("Pacific/Kiritimati").resolve(on("2026-12-07"), 0).date());
    }

    @Test
    void aRecordTimestampInTheFutureDoesNotMoveTheBound() {
        long farFuture = Instant.parse("9999-12-30T00:00:00Z").toEpochMilli();
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> resolver("UTC").resolve(JobRequested.forSymbol(Symbol.of("BTC")), farFuture));
        assertEquals("date", e.field());
        assertTrue(e.reason().startsWith("'9999-12-30' is after 2026-12-06"), e.reason());
    }

    @Test
    void datesBeforeTheEpochAreRejected() {
        assertEquals(TradingDate.of("1970-01-01"), resolver("UTC").resolve(on("1970-01-01"), 0).date());
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> resolver("UTC").resolve(on("0026-03-10"), 0));
        assertEquals("date", e.field());
        assertEquals("'0026-03-10' is before 1970-01-01, the earliest date accepted", e.reason());
    }

    @Test
    void zeroDaysAheadMeansNotAfterToday() {
        RequestResolver todayOnly = new RequestResolver(ENSEMBLE, ZoneId.of("UTC"), PROCESSING_CLOCK,
                new DateBound(0, "MAX_DAYS"));
        assertEquals(TradingDate.of("2026-12-05"), todayOnly.resolve(on("2026-12-05"), 0).date());
        assertThrows(InvalidEventException.class, () -> todayOnly.resolve(on("2026-12-06"), 0));
        assertThrows(IllegalArgumentException.class, () -> new DateBound(-1, "MAX_DAYS"));
    }

    @Test
    void onlyASymbolGetsTheDayOfTheRecordTheWholeEnsembleAndNoJobId() {
        ResolvedRequest r = resolver("UTC").resolve(JobRequested.forSymbol(Symbol.of("BTC")), LATE_EVENING_UTC.toEpochMilli());

        assertEquals(TradingDate.of("2026-11-29"), r.date(), "the record's day, not the processing day (Dec 5)");
        assertEquals(LATE_EVENING_UTC, r.requestedAt());
        assertEquals(ENSEMBLE.models(), r.models());
        assertNull(r.explicitJobId());
        assertTrue(r.jobId().isEmpty());
    }

    @Test
    void todayIsTakenInTheConfiguredZone() {
        ResolvedRequest r = resolver("Asia/Tokyo").resolve(JobRequested.forSymbol(Symbol.of("BTC")),
                LATE_EVENING_UTC.toEpochMilli());
        assertEquals(TradingDate.of("2026-11-30"), r.date());
    }

    @Test
    void aRecordWithoutATimestampFallsBackToTheClock() {
        ResolvedRequest r = resolver("UTC").resolve(JobRequested.forSymbol(Symbol.of("BTC")), -1);
        assertEquals(TradingDate.of("2026-12-05"), r.date());
        assertEquals(PROCESSING_CLOCK.instant(), r.requestedAt());
    }

    @Test
    void explicitDateAndJobIdAreKept() {
        JobRequested request = new JobRequested(Symbol.of("ETH"), TradingDate.of("2026-01-02"), JobId.of("mine-1"), null);
        ResolvedRequest r = resolver("UTC").resolve(request, LATE_EVENING_UTC.toEpochMilli());
        assertEquals(TradingDate.of("2026-01-02"), r.date());
        assertEquals(JobId.of("mine-1"), r.explicitJobId());
    }

    @Test
    void aSubsetOfModelsIsTakenInEnsembleOrder() {
        JobRequested request = new JobRequested(Symbol.of("BTC"), null, null,
                List.of(ModelName.of("phi-3-mini"), ModelName.of("gemma-7b")));
        List<ModelName> chosen = resolver("UTC").resolve(request, 0).models().stream().map(ModelSpec::name).toList();
        assertEquals(List.of(ModelName.of("gemma-7b"), ModelName.of("phi-3-mini")), chosen);
    }

    @Test
    void unknownModelsAreRejectedOnTheModelsField() {
        JobRequested request = new JobRequested(Symbol.of("BTC"), null, null,
                List.of(ModelName.of("gemma-7b"), ModelName.of("gpt-5"), ModelName.of("llama-3")));
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> resolver("UTC").resolve(request, 0));
        assertEquals("models", e.field());
        assertTrue(e.reason().startsWith("unknown model(s) [gpt-5, llama-3]; the ensemble has [gemma-7b"), e.reason());
    }
}
