package org.locness.events.topic;

import java.util.List;
import java.util.Set;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

/**
 * Who reads and writes what: one table that the components take their consumer groups and
 * transactional ids from, and that Strimzi's KafkaUser ACLs are checked against.
 */
public enum Component {
    INGEST(Set.of(Topic.JOBS_REQUESTED, Topic.LAKE_OBJECT_EVENTS, Topic.JOBS_READY),
            Set.of(Topic.JOBS_READY, Topic.JOBS_REQUESTED, Topic.OUTCOMES_REALIZED),
            List.of("ingest-jobs", "ingest-object-events", "ingest-outcomes"), List.of("ingest-")),
    DAILY_PREP(Set.of(), Set.of(Topic.CONTEXT_DAILY_READY), List.of(), List.of()),
    INFERENCE_NODE(Set.of(Topic.JOBS_READY, Topic.CONTEXT_DAILY_READY, Topic.PATTERNS_UNIFIED),
            Set.of(Topic.INFERENCE_COMPLETED), List.of("inference-"), List.of()),
    SWEEPER(Set.of(Topic.INFERENCE_COMPLETED), Set.of(Topic.RESULTS_STAGED), List.of("sweeper-"), List.of()),
    AGGREGATOR(Set.of(Topic.JOBS_READY, Topic.RESULTS_STAGED, Topic.PREDICTIONS_CONSENSUS, Topic.OUTCOMES_REALIZED,
            Topic.SCORES_DAILY, Topic.WEIGHTS_CURRENT),
            Set.of(Topic.PREDICTIONS_CONSENSUS, Topic.PATTERNS_UNIFIED, Topic.SCORES_DAILY, Topic.WEIGHTS_CURRENT),
            List.of("aggregator", "aggregator-gold", "aggregator-patterns", "aggregator-scores",
                    "aggregator-scores-gold"), List.of("aggregator")),
    /**
     * The operator and the tools of the {@code locness} command (submit, status, lag, dlq, backfill,
     * demo): read everything, DLQs included, and publish job requests.
     */
    OPERATOR(Set.of(Topic.values()), Set.of(Topic.JOBS_REQUESTED), List.of("locness-cli-"), List.of()),
    /** MinIO's notify_kafka target (the embedded lake in the local stack): the producer of object events. */
    MINIO(Set.of(), Set.of(Topic.LAKE_OBJECT_EVENTS), List.of(), List.of());

    private final Set<Topic> reads;
    private final Set<Topic> writes;
    private final List<String> groupPrefixes;
    private final List<String> transactionalIdPrefixes;

    Component(Set<Topic> reads, Set<Topic> writes, List<String> groupPrefixes, List<String> transactionalIdPrefixes) {
        this.reads = reads;
        this.writes = writes;
        this.groupPrefixes = groupPrefixes;
        this.transactionalIdPrefixes = transactionalIdPrefixes;
    }

    /** Topics read; a component that reads a topic may also write that topic's DLQ (the CLI reads it instead). */
    public Set<Topic> reads() {
        return reads;
    }

    /** The operator's tools inspect dead letters; every other reader only routes to them. */
    public boolean readsDeadLetters() {
        return this == OPERATOR;
    }

    public Set<Topic> writes() {
        return writes;
    }

    /** Consumer group ids (exact, or prefixes when they end in '-'). */
    public List<String> groupPrefixes() {
        return groupPrefixes;
    }

    public List<String> transactionalIdPrefixes() {
        return transactionalIdPrefixes;
    }

    public static String ingestJobsGroup() {
        return "ingest-jobs";
    }

    public static String ingestObjectEventsGroup() {
        return "ingest-object-events";
    }

    /** The outcome realizer: jobs.ready and market-data object events in, outcomes.realized out. */
    public static String ingestOutcomesGroup() {
        return "ingest-outcomes";
    }

    public static String inferenceGroup(ModelName model) {
        return "inference-" + model.value();
    }

    public static String inferenceCacheGroup(NodeName node) {
        return "inference-cache-" + node.value();
    }

    public static String sweeperGroup(NodeName node) {
        return "sweeper-" + node.value();
    }

    public static String aggregatorApplicationId() {
        return "aggregator";
    }

    /** The scoring Streams application: outcomes and consensus in, scores and adaptive weights out. */
    public static String scoresApplicationId() {
        return "aggregator-scores";
    }

    public static String scoresGoldWriterGroup() {
        return "aggregator-scores-gold";
    }

    public static String goldWriterGroup() {
        return "aggregator-gold";
    }

    public static String patternMergerGroup() {
        return "aggregator-patterns";
    }
}
