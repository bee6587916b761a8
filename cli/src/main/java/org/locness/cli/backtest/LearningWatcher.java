package org.locness.cli.backtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;
import org.locness.events.topic.Topic;

/**
 * Reads what the pipeline learned, from the start of {@code outcomes.realized}, {@code scores.daily}
 * and {@code weights.current} (the backtest's stack is its own, so everything there is this run's):
 * each job's outcome, and every score and weights record in the order they came, the history the
 * charts are drawn from. Compaction does not matter: records are read as they are written.
 */
final class LearningWatcher implements AutoCloseable {
    private static final EventCodec<OutcomeRealized> OUTCOME = EventCodec.of(OutcomeRealized.class);
    private static final EventCodec<ModelScore> SCORE = EventCodec.of(ModelScore.class);
    private static final EventCodec<EnsembleWeights> WEIGHTS = EventCodec.of(EnsembleWeights.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<JobId, OutcomeRealized> outcomes = new HashMap<>();
    private final List<ModelScore> scores = new ArrayList<>();
    private final List<EnsembleWeights> weights = new ArrayList<>();
    private final Map<String, ModelScore> latestScores = new HashMap<>();
    private final Map<String, EnsembleWeights> latestWeights = new HashMap<>();

    LearningWatcher(KafkaSettings kafka) {
        Properties props = kafka.consumer("locness-cli-backtest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : List.of(Topic.OUTCOMES_REALIZED, Topic.SCORES_DAILY, Topic.WEIGHTS_CURRENT)) {
            for (PartitionInfo p : consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic.topicName(), p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            try {
                if (record.topic().equals(Topic.OUTCOMES_REALIZED.topicName())) {
                    OutcomeRealized outcome = OUTCOME.parse(record.value());
                    outcomes.put(outcome.jobId(), outcome);
                } else if (record.topic().equals(Topic.SCORES_DAILY.topicName())) {
                    ModelScore score = SCORE.parse(record.value());
                    scores.add(score);
                    latestScores.merge(score.recordKey(), score, (a, b) -> b.jobs() >= a.jobs() ? b : a);
                } else {
                    EnsembleWeights w = WEIGHTS.parse(record.value());
                    weights.add(w);
                    latestWeights.merge(w.group(), w, (a, b) -> b.version() >= a.version() ? b : a);
                }
            } catch (InvalidEventException ignored) {
                // Not ours to judge: the producers' own loops route bad records to the DLQs.
            }
        }
    }

    Map<JobId, OutcomeRealized> outcomes() {
        return outcomes;
    }

    /** The newest score of each {@code name|scope}. */
    Map<String, ModelScore> latestScores() {
        return latestScores;
    }

    /** The newest version of each weights group. */
    Map<String, EnsembleWeights> latestWeights() {
        return latestWeights;
    }

    List<ModelScore> scores() {
        return scores;
    }

    List<EnsembleWeights> weights() {
        return weights;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
