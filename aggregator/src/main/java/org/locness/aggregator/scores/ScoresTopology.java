package org.locness.aggregator.scores;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.aggregator.scoring.ScoreAccumulator;
import org.locness.aggregator.topology.JsonSerde;
import org.locness.aggregator.weights.WeightsLearner;
import org.locness.events.Event;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.json.EventJson;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.scores.ModelScore;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.events.weights.EnsembleWeights;

/**
 * The scores application ({@link Component#scoresApplicationId()}): {@code predictions.consensus}
 * (keyed by symbol) and {@code outcomes.realized} (keyed by job id) are read, checked, re-keyed to
 * one key and repartitioned to a single partition, so one {@link ScoreKeeper} task owns every score
 * and every group's weights; it writes {@code scores.daily} and {@code weights.current}. Records it
 * cannot read go to {@code <topic>.dlq}. Exactly-once, like the consensus topology: the stores, the
 * outputs and the input offsets commit together.
 */
public final class ScoresTopology {
    public static final String PENDING_CONSENSUS_STORE = "scoring-pending-consensus";
    public static final String PENDING_OUTCOMES_STORE = "scoring-pending-outcomes";
    public static final String SCORED_JOBS_STORE = "scored-jobs";
    public static final String SCORES_STORE = "model-scores";
    public static final String WEIGHTS_STORE = "adaptive-weights";
    /** The one key every input is re-keyed to; scores and weights have a single owner. */
    static final String SCORING_KEY = "scores";
    public static final String CE_SOURCE = "locness/aggregator-scores";

    private ScoresTopology() {
    }

    public static Topology build(AggregatorConfig config, AggregatorMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        Serde<byte[]> bytes = Serdes.ByteArray();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_CONSENSUS_STORE),
                keys, new JsonSerde<>(ConsensusPrediction.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_OUTCOMES_STORE),
                keys, new JsonSerde<>(OutcomeRealized.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SCORED_JOBS_STORE),
                keys, Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SCORES_STORE),
                keys, new JsonSerde<>(ScoreAccumulator.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WEIGHTS_STORE),
                keys, new JsonSerde<>(EnsembleWeights.class)));

        KStream<String, ScoringInput> consensus = readChecked(builder, Topic.PREDICTIONS_CONSENSUS,
                () -> InputReader.consensus(metrics));
        KStream<String, ScoringInput> outcomes = readChecked(builder, Topic.OUTCOMES_REALIZED,
                () -> InputReader.outcomes(metrics));

        Map<String, Double> fileWeights = config.weights().fileWeights();
        WeightsLearner learner = new WeightsLearner(fileWeights, config.weights().adaptive());
        KStream<String, Event> emitted = consensus.merge(outcomes, Named.as("scoring-inputs"))
                .map((key, input) -> KeyValue.pair(SCORING_KEY, input), Named.as("one-key"))
                .repartition(Repartitioned.<String, ScoringInput>as("scoring-input")
                        .withKeySerde(keys).withValueSerde(new JsonSerde<>(ScoringInput.class))
                        .withNumberOfPartitions(1))
                .process(() -> new ScoreKeeper(fileWeights, learner, metrics), Named.as("score-jobs"),
                        PENDING_CONSENSUS_STORE, PENDING_OUTCOMES_STORE, SCORED_JOBS_STORE, SCORES_STORE, WEIGHTS_STORE);
        emitted.split(Named.as("emitted-"))
                .branch((key, event) -> event instanceof ModelScore, Branched.withConsumer(scores -> scores
                        .mapValues(ScoresTopology::json, Named.as("score-json"))
                        .to(Topic.SCORES_DAILY.topicName(), Produced.with(keys, bytes)), "scores"))
                .defaultBranch(Branched.withConsumer(weights -> weights
                        .mapValues(ScoresTopology::json, Named.as("weights-json"))
                        .to(Topic.WEIGHTS_CURRENT.topicName(), Produced.with(keys, bytes)), "weights"));
        return builder.build();
    }

    /** Reads {@code topic} through an {@link InputReader}; what it cannot read goes to the topic's DLQ. */
    private static KStream<String, ScoringInput> readChecked(StreamsBuilder builder, Topic topic,
            ProcessorSupplier<String, byte[], String, ScoringRoute> reader) {
        String name = topic.topicName().replace('.', '-');
        KStream<String, ScoringRoute> routed = builder.stream(topic.topicName(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-source"))
                .process(reader, Named.as("read-" + name));
        routed.filter((key, route) -> route.dead(), Named.as(name + "-unreadable"))
                .mapValues(ScoringRoute::deadLetter, Named.as(name + "-dead-letter"))
                .to(topic.dlqName(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return routed.filter((key, route) -> !route.dead(), Named.as(name + "-readable"))
                .mapValues(ScoringRoute::input, Named.as(name + "-input"));
    }

    private static byte[] json(Event event) {
        return EventJson.write(event).getBytes(StandardCharsets.UTF_8);
    }

    /** Exactly-once v2, the scores application's id, state under the configured directory. */
    public static Properties streamsProperties(AggregatorConfig config) {
        Properties props = config.kafka().common();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, Component.scoresApplicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.streamsStateDir().toString());
        return props;
    }
}
