package org.locness.sweeper;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.id.JobId;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Topic;

/** What a test does on the embedded broker: publish node events, read what the sweeper published. */
public final class StackTopics implements AutoCloseable {
    private static final EventCodec<ResultStaged> RESULTS = EventCodec.of(ResultStaged.class);

    private final KafkaSettings kafka;
    private final Producer<String, byte[]> producer;
    private final EventPublisher publisher;

    public StackTopics(KafkaSettings kafka) {
        this.kafka = kafka;
        this.producer = new KafkaProducer<>(kafka.producer("sweeper-it"));
        this.publisher = new EventPublisher(producer, "locness/sweeper-it", Clock.systemUTC());
    }

    public RecordMetadata publish(InferenceCompleted event) {
        return publisher.publish(event);
    }

    /** The job's results on {@code results.staged}, read from the start until {@code done} holds. */
    public List<ResultStaged> resultsOf(JobId job, Predicate<List<ResultStaged>> done, Duration timeout) {
        List<ResultStaged> results = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : read(Topic.RESULTS_STAGED.topicName(),
                records -> done.test(parse(records, job)), timeout)) {
            ResultStaged result = RESULTS.parse(record.value());
            if (result.jobId().equals(job)) {
                results.add(result);
            }
        }
        return results;
    }

    /** The job's records on {@code inference.completed.dlq} once there are {@code count} of them. */
    public List<ConsumerRecord<String, byte[]>> deadLettersOf(JobId job, int count, Duration timeout) {
        return read(Topic.INFERENCE_COMPLETED.dlqName(),
                records -> records.stream().filter(r -> job.value().equals(r.key())).count() >= count, timeout)
                .stream().filter(r -> job.value().equals(r.key())).toList();
    }

    /** The offset the group has committed on a partition, or null. */
    public OffsetAndMetadata committed(String group, TopicPartition partition) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
        }
    }

    private static List<ResultStaged> parse(List<ConsumerRecord<String, byte[]>> records, JobId job) {
        return records.stream().map(r -> RESULTS.parse(r.value())).filter(r -> r.jobId().equals(job)).toList();
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer("sweeper-it-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within " + timeout + " on " + topic + "; read " + records.size()
                            + " record(s)");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() {
        producer.close();
    }
}
