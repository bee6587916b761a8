package org.locness.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.locness.events.InvalidEventException;
import org.locness.ingest.prep.NoInputException;

class IntakeMetricsTest {

    @Test
    void reasonsAreBoundedTagValues() {
        assertEquals("malformed", IntakeMetrics.reasonOf(new InvalidEventException("$", "malformed JSON")));
        assertEquals("symbol", IntakeMetrics.reasonOf(new InvalidEventException("symbol", "'btc' is not a symbol")));
        assertEquals("models", IntakeMetrics.reasonOf(new InvalidEventException("models[1]", "bad")));
        assertEquals("date", IntakeMetrics.reasonOf(new InvalidEventException("date.x", "bad")));
        assertEquals("no-input", IntakeMetrics.reasonOf(new NoInputException("nothing")));
    }

    @Test
    void outcomesCountOnlyWhenTheirTransactionCommits() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IntakeMetrics metrics = new IntakeMetrics(registry);

        metrics.jobReady();
        metrics.rejected(new NoInputException("nothing"));
        metrics.discarded();
        metrics.jobReady();
        metrics.duplicate();
        metrics.rejected(new InvalidEventException("symbol", "bad"));
        metrics.prepared(Duration.ofMillis(30));
        metrics.committed();

        assertEquals(2.0, registry.get("locness_ingest_requests_accepted").counter().count());
        assertEquals(1.0, registry.get("locness_ingest_jobs_ready").counter().count());
        assertEquals(1.0, registry.get("locness_ingest_requests_duplicate").counter().count());
        assertEquals(1.0, registry.get("locness_ingest_requests_rejected").tag("reason", "symbol").counter().count());
        assertEquals(0, registry.find("locness_ingest_requests_rejected").tag("reason", "no-input").counters().stream()
                .mapToDouble(c -> c.count()).sum());
        assertEquals(1, registry.get("locness_ingest_prep_duration").timer().count());
    }
}
