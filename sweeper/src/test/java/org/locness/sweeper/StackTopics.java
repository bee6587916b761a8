package org.locness.sweeper;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.id.JobId;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Topic;
import org.locness.testing.EventSender;
import org.locness.testing.GroupOffsets;
import org.locness.testing.TopicReader;

/** What a test does on the embedded broker: publish node events, read what the sweeper published. */
public final class StackTopics implements AutoCloseable {
    private static final EventCodec<ResultStaged> RESULTS = EventCodec.of(ResultStaged.class);

    private final KafkaSettings kafka;
    private final EventSender sender;

    public StackTopics(KafkaSettings kafka) {
        this.kafka = kafka;
        this.sender = new EventSender(kafka, "sweeper-it");
    }

    public RecordMetadata publish(InferenceCompleted event) {
        return sender.publish(event);
    }

    /** The job's results on {@code results.staged}, read from the start until {@code done} holds. */
    public List<ResultStaged> resultsOf(JobId job, Predicate<List<ResultStaged>> done, Duration timeout) {
        return TopicReader.await("results of " + job.value(), kafka, Topic.RESULTS_STAGED.topicName(), timeout,
                record -> RESULTS.parse(record.value()).jobId().equals(job), records -> done.test(parse(records)))
                .stream().map(record -> RESULTS.parse(record.value())).toList();
    }

    /** The job's records on {@code inference.completed.dlq} once there are {@code count} of them. */
    public List<ConsumerRecord<String, byte[]>> deadLettersOf(JobId job, int count, Duration timeout) {
        return TopicReader.await(count + " dead letter(s) of " + job.value(), kafka, Topic.INFERENCE_COMPLETED.dlqName(),
                timeout, TopicReader.keyed(job.value()), records -> records.size() >= count);
    }

    /** The offset the group has committed on a partition, or null. */
    public OffsetAndMetadata committed(String group, TopicPartition partition) throws InterruptedException, ExecutionException {
        return GroupOffsets.committed(kafka, group, partition);
    }

    private static List<ResultStaged> parse(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> RESULTS.parse(r.value())).toList();
    }

    @Override
    public void close() {
        sender.close();
    }
}
