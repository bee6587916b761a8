package org.locness.sweeper.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.locness.lake.staging.StagingDirectory;

/**
 * The sweeper's meters. The Prometheus registry renders them as
 * {@code locness_sweeper_uploaded_bytes_total}, {@code locness_sweeper_uploaded_files_total},
 * {@code locness_sweeper_upload_duration_seconds} (per file), {@code locness_sweeper_upload_retries_total},
 * {@code locness_sweeper_results_announced_total{outcome}}, {@code locness_sweeper_events_skipped_total},
 * {@code locness_sweeper_orphans_recovered_total}, {@code locness_sweeper_orphans_unreadable_total},
 * {@code locness_sweeper_inputs_deleted_total} and the gauge {@code locness_sweeper_staging_disk_usage_bytes}.
 *
 * <p>Delivery is at least once, so a redelivered event counts its upload again; the lake and the
 * topics, not the meters, are the record of truth.
 */
public final class SweeperMetrics {
    /** How a model's result was announced on {@code results.staged}. */
    public enum Outcome {
        /** Both files were found (uploaded now or staged before) and a success was published. */
        STAGED,
        /** A file was neither local nor staged: a failure with reason {@code lost-output} was published. */
        LOST_OUTPUT,
        /** The model had failed on the node; its failure was forwarded. */
        FAILURE_FORWARDED
    }

    private final Counter bytes;
    private final Counter files;
    private final Timer uploadDuration;
    private final Counter retries;
    private final Counter skipped;
    private final Counter orphansRecovered;
    private final Counter orphansUnreadable;
    private final Counter inputsDeleted;
    private final Map<Outcome, Counter> announced = new EnumMap<>(Outcome.class);

    public SweeperMetrics(MeterRegistry registry, StagingDirectory staging) {
        bytes = Counter.builder("locness.sweeper.uploaded.bytes").baseUnit("bytes")
                .description("Bytes uploaded to the lake's staging area").register(registry);
        files = Counter.builder("locness.sweeper.uploaded.files")
                .description("Files uploaded and verified (size and MD5)").register(registry);
        uploadDuration = Timer.builder("locness.sweeper.upload.duration")
                .description("Time to upload and verify one file")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        retries = Counter.builder("locness.sweeper.upload.retries")
                .description("Uploads or announcements that failed transiently and will be retried, by the"
                        + " consumer loop (same record, nothing committed) or by the next orphan sweep")
                .register(registry);
        skipped = Counter.builder("locness.sweeper.events.skipped")
                .description("inference.completed events of other nodes, skipped").register(registry);
        orphansRecovered = Counter.builder("locness.sweeper.orphans.recovered")
                .description("Output pairs found without an event, uploaded and announced").register(registry);
        orphansUnreadable = Counter.builder("locness.sweeper.orphans.unreadable")
                .description("Orphan outputs left in place because their row could not be read").register(registry);
        inputsDeleted = Counter.builder("locness.sweeper.inputs.deleted")
                .description("Job inputs deleted after the job's outputs were all gone").register(registry);
        for (Outcome outcome : Outcome.values()) {
            announced.put(outcome, Counter.builder("locness.sweeper.results.announced")
                    .description("Results published on results.staged, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .register(registry));
        }
        Gauge.builder("locness.sweeper.staging.disk.usage", staging, SweeperMetrics::diskUsage)
                .baseUnit("bytes")
                .description("Bytes in the node's local staging directory")
                .strongReference(true)
                .register(registry);
    }

    public void uploaded(long size, Duration took) {
        files.increment();
        bytes.increment(size);
        uploadDuration.record(took);
    }

    public void retried() {
        retries.increment();
    }

    public void skipped() {
        skipped.increment();
    }

    public void announced(Outcome outcome) {
        announced.get(outcome).increment();
    }

    public void orphanRecovered() {
        orphansRecovered.increment();
    }

    public void orphanUnreadable() {
        orphansUnreadable.increment();
    }

    public void inputDeleted() {
        inputsDeleted.increment();
    }

    private static double diskUsage(StagingDirectory staging) {
        try {
            return staging.diskUsage();
        } catch (IOException e) {
            // A file removed while the directory is walked; the next scrape sees a consistent listing.
            return Double.NaN;
        }
    }
}
