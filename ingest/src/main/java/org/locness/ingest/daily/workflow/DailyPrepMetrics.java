package org.locness.ingest.daily.workflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.SummaryCache;
import org.locness.ingest.daily.lake.WrittenContext;

/** The daily prep's own meters; Temporal's SDK meters reach the same registry through its stats reporter. */
public final class DailyPrepMetrics {
    private final MeterRegistry registry;
    private final Timer duration;
    private final Counter rowsRead;
    private final Counter rowsWritten;
    private final Counter skipped;

    public DailyPrepMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("locness.daily.prep.duration")
                .description("From the start of a prep workflow run to its context-ready event")
                .publishPercentileHistogram().register(registry);
        this.rowsRead = Counter.builder("locness.daily.prep.rows.read").description("Market bars read by the prep")
                .register(registry);
        this.rowsWritten = Counter.builder("locness.daily.prep.rows.written")
                .description("Context rows written to daily-prepared/ (unchanged re-runs write none)").register(registry);
        this.skipped = Counter.builder("locness.daily.prep.skipped")
                .description("Inputs the prep left out (missing, unreadable, invalid)").register(registry);
    }

    /** How many market files' summaries the worker keeps: a daily run reads only what they do not cover. */
    public void summaries(SummaryCache cache) {
        Gauge.builder("locness.daily.prep.summaries", cache, SummaryCache::size)
                .description("Market files whose day summaries the worker keeps between preps (by key and ETag)")
                .register(registry);
    }

    public void step(String step, Duration elapsed) {
        Timer.builder("locness.daily.prep.step").description("Time spent in one prep activity").tag("step", step)
                .register(registry).record(elapsed);
    }

    public void computed(ComputedContext computed) {
        rowsRead.increment(computed.rowsRead());
        skipped.increment(computed.skipped().size());
    }

    public void written(WrittenContext written) {
        if (written.uploaded()) {
            rowsWritten.increment(written.rows());
        }
    }

    public void prepared(Duration total) {
        duration.record(total);
    }
}
