package org.locness.events.topic;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

/**
 * The topic registry: every topic of the contract, once. Strimzi's KafkaTopics, the embedded broker
 * and every producer and consumer take names, partitions and retention from here.
 */
public enum Topic {
    LAKE_OBJECT_EVENTS("lake.object-events", "bucket/key", 3, Duration.ofDays(7),
            "S3 event record in MinIO's notify_kafka format"),
    JOBS_REQUESTED("jobs.requested", "symbol", 3, Duration.ofDays(7),
            "{symbol, date?, jobId?, models?}"),
    JOBS_READY("jobs.ready", "jobId", 3, Duration.ofDays(7),
            "job with its input, context and patterns keys and the expected models"),
    INFERENCE_COMPLETED("inference.completed", "jobId", 3, Duration.ofDays(7),
            "one model's result for one job, with local output paths"),
    RESULTS_STAGED("results.staged", "jobId", 3, Duration.ofDays(7),
            "one model's result for one job, with staged lake keys"),
    PREDICTIONS_CONSENSUS("predictions.consensus", "symbol", 3, Duration.ofDays(90),
            "weighted consensus of the ensemble for one job"),
    PATTERNS_UNIFIED("patterns.unified", "date", 1, Duration.ofDays(30),
            "a new version of a day's unified patterns"),
    CONTEXT_DAILY_READY("context.daily-ready", "date", 1, Duration.ofDays(30),
            "the day's prepared market context"),
    OUTCOMES_REALIZED("outcomes.realized", "jobId", 3, Duration.ofDays(365), CleanupPolicy.COMPACT,
            "what the market did over a job's horizon: return, label, volatility, or the missing days"),
    SCORES_DAILY("scores.daily", "name|scope", 1, Duration.ofDays(365),
            "running Brier, log loss, hit rate and calibration of a model or a consensus kind"),
    WEIGHTS_CURRENT("weights.current", "group", 1, Duration.ofDays(365), CleanupPolicy.COMPACT,
            "the newest version of the adaptive ensemble weights of a group of jobs");

    /** How the broker keeps a topic: by age, or the newest record of each key (retention is then unused). */
    public enum CleanupPolicy {
        DELETE, COMPACT;

        /** The broker's {@code cleanup.policy} value. */
        public String config() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Dead-letter topics keep poison records long enough for an operator to look at them. */
    public static final Duration DLQ_RETENTION = Duration.ofDays(30);
    public static final int DLQ_PARTITIONS = 1;
    private static final String DLQ_SUFFIX = ".dlq";

    private final String topicName;
    private final String keyMeaning;
    private final int partitions;
    private final Duration retention;
    private final CleanupPolicy cleanupPolicy;
    private final String valueDescription;

    Topic(String topicName, String keyMeaning, int partitions, Duration retention, String valueDescription) {
        this(topicName, keyMeaning, partitions, retention, CleanupPolicy.DELETE, valueDescription);
    }

    Topic(String topicName, String keyMeaning, int partitions, Duration retention, CleanupPolicy cleanupPolicy,
            String valueDescription) {
        this.cleanupPolicy = cleanupPolicy;
        this.topicName = topicName;
        this.keyMeaning = keyMeaning;
        this.partitions = partitions;
        this.retention = retention;
        this.valueDescription = valueDescription;
    }

    public String topicName() {
        return topicName;
    }

    public String dlqName() {
        return topicName + DLQ_SUFFIX;
    }

    public String keyMeaning() {
        return keyMeaning;
    }

    public int partitions() {
        return partitions;
    }

    public Duration retention() {
        return retention;
    }

    public CleanupPolicy cleanupPolicy() {
        return cleanupPolicy;
    }

    public String valueDescription() {
        return valueDescription;
    }

    public static Optional<Topic> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
    }

    /** Every topic to create: each registry topic and its DLQ. */
    public static List<TopicSpec> allSpecs() {
        return Arrays.stream(values())
                .flatMap(t -> List.of(
                        new TopicSpec(t.topicName, t.partitions, t.retention, t.cleanupPolicy, t.keyMeaning),
                        new TopicSpec(t.dlqName(), DLQ_PARTITIONS, DLQ_RETENTION, CleanupPolicy.DELETE, "original key")).stream())
                .toList();
    }
}
