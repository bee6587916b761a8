package org.locness.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.InvalidEventException;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Topic;

/**
 * Follows {@code inference.completed} and {@code predictions.consensus} from the moment it is
 * created, for the jobs it is told about: how many model results and which consensus records
 * have arrived. Positions are taken at construction, so nothing published later is missed.
 */
public final class ProgressWatcher implements AutoCloseable {
    private static final EventCodec<InferenceCompleted> COMPLETED = EventCodec.of(InferenceCompleted.class);
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<JobId> jobs = new HashSet<>();
    private final Set<String> modelResults = new HashSet<>();
    private final Map<JobId, ConsensusPrediction> consensus = new LinkedHashMap<>();
    private final List<ConsensusPrediction> pending = new ArrayList<>();

    public ProgressWatcher(KafkaSettings kafka) {
        Properties props = kafka.consumer("locness-cli-demo");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topic.INFERENCE_COMPLETED.topicName(), Topic.PREDICTIONS_CONSENSUS.topicName())) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
    }

    public void track(JobId job) {
        jobs.add(job);
    }

    /** Reads what arrived; returns the consensus records new since the last call. */
    public List<ConsensusPrediction> poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            try {
                if (record.topic().equals(Topic.INFERENCE_COMPLETED.topicName())) {
                    InferenceCompleted c = COMPLETED.parse(record.value());
                    if (jobs.contains(c.jobId())) {
                        modelResults.add(c.jobId() + "/" + c.model());
                    }
                } else {
                    ConsensusPrediction c = CONSENSUS.parse(record.value());
                    if (jobs.contains(c.jobId()) && consensus.putIfAbsent(c.jobId(), c) == null) {
                        pending.add(c);
                    }
                }
            } catch (InvalidEventException ignored) {
                // Not ours to judge: the components' own loops send bad records to the DLQs.
            }
        }
        List<ConsensusPrediction> fresh = List.copyOf(pending);
        pending.clear();
        return fresh;
    }

    public int modelResults() {
        return modelResults.size();
    }

    public int consensusCount() {
        return consensus.size();
    }

    public boolean done() {
        return !jobs.isEmpty() && consensus.keySet().containsAll(jobs);
    }

    public Map<JobId, ConsensusPrediction> consensus() {
        return Map.copyOf(consensus);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
