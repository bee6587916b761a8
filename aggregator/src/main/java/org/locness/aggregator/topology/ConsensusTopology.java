package org.locness.aggregator.topology;

import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.events.weights.EnsembleWeights;

/**
 * The aggregator's Kafka Streams application: {@code jobs.ready} opens each job and starts its
 * deadline ({@link ReadyJobs}); {@code results.staged} → {@link ResultCollector} →
 * {@code predictions.consensus}, and {@code results.staged.dlq} for results it cannot count. Both
 * processors share the two stores, so every ready job ends with exactly one consensus record.
 *
 * <p>{@code weights.current} feeds a global store ({@link NewestWeights}) from which the collector
 * takes each job's group's adaptive weights.
 *
 * <p>Both stores are persistent (RocksDB under the configured state dir) and changelogged, so a
 * restarted instance restores every open job and every "published" marker; with exactly-once the
 * store updates, the output and the input offsets commit together, so a restart counts nothing twice.
 */
public final class ConsensusTopology {
    public static final String SOURCE = "results-staged";
    public static final String READY_SOURCE = "jobs-ready";
    public static final String READY_PROCESSOR = "open-jobs";
    public static final String PROCESSOR = "collect-results";
    public static final String CONSENSUS_SINK = "predictions-consensus";
    public static final String DLQ_SINK = "results-staged-dlq";
    /** Job id → {@link JobState}. */
    public static final String JOBS_STORE = "jobs";
    /** Deadline and expiry index over the jobs, see {@link JobTimers}. */
    public static final String TIMERS_STORE = "job-timers";
    /** Global: weights group → its newest {@code weights.current} record, see {@link NewestWeights}. */
    public static final String WEIGHTS_STORE = "weights-current";
    public static final String WEIGHTS_SOURCE = "weights-current-source";
    public static final String WEIGHTS_PROCESSOR = "newest-weights";
    /** CloudEvents {@code ce_source} of everything the aggregator publishes. */
    public static final String CE_SOURCE = "locness/aggregator";

    private ConsensusTopology() {
    }

    public static Topology build(AggregatorConfig config, AggregatorMetrics metrics) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                Topic.RESULTS_STAGED.topicName());
        topology.addSource(READY_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                Topic.JOBS_READY.topicName());
        topology.addProcessor(PROCESSOR, () -> new ResultCollector(config, metrics), SOURCE);
        topology.addProcessor(READY_PROCESSOR, () -> new ReadyJobs(config), READY_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_STORE),
                Serdes.String(), new JsonSerde<>(JobState.class)), PROCESSOR, READY_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMERS_STORE),
                Serdes.String(), Serdes.String()), PROCESSOR, READY_PROCESSOR);
        // Global: every task weighs its jobs with the newest weights of every group. A global store
        // is restored from its topic, so it keeps no changelog of its own.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WEIGHTS_STORE),
                        Serdes.String(), new JsonSerde<>(EnsembleWeights.class)).withLoggingDisabled(),
                WEIGHTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topic.WEIGHTS_CURRENT.topicName(),
                WEIGHTS_PROCESSOR, NewestWeights::new);
        topology.addSink(CONSENSUS_SINK, Topic.PREDICTIONS_CONSENSUS.topicName(), new StringSerializer(),
                new ByteArraySerializer(), PROCESSOR);
        topology.addSink(DLQ_SINK, Topic.RESULTS_STAGED.dlqName(), new StringSerializer(), new ByteArraySerializer(),
                PROCESSOR);
        return topology;
    }

    /** Exactly-once v2, the contract's application id, state under the configured directory. */
    public static Properties streamsProperties(AggregatorConfig config) {
        Properties props = config.kafka().common();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, Component.aggregatorApplicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.streamsStateDir().toString());
        return props;
    }
}
