package org.locness.ingest.submit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.InvalidEventException;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.job.JobReady;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.ingest.intake.RequestSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes job requests and follows them, for {@code locness submit [--wait]}. It positions its
 * readers at the end of {@code jobs.ready}, {@code jobs.requested.dlq} and
 * {@code predictions.consensus} when it is created, before anything is submitted, so no answer can
 * slip past it; it then reads forward, remembering answers to any of its requests. One submission at
 * a time: not thread-safe.
 *
 * <p>Ingest's answer to a request names it by the request's coordinates: a {@code jobs.ready}
 * record carries them in its {@link RequestSource#HEADER} header, a DLQ record in its
 * {@code dlq_source_*} headers.
 */
public final class JobSubmitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobSubmitter.class);
    private static final String CE_SOURCE = "locness/cli";
    private static final String CLIENT_ID = Component.OPERATOR.groupPrefixes().get(0) + "submit";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final EventCodec<JobReady> READY = EventCodec.of(JobReady.class);
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);

    private final Producer<String, byte[]> producer;
    private final EventPublisher publisher;
    private final Consumer<String, byte[]> answers;
    private final Consumer<String, byte[]> consensus;
    private final Duration answerTimeout;
    private final Map<String, JobId> readyByRequest = new HashMap<>();
    private final Map<String, String> rejectedByRequest = new HashMap<>();
    private final Map<JobId, ConsensusPrediction> consensusByJob = new HashMap<>();

    private JobSubmitter(Producer<String, byte[]> producer, Consumer<String, byte[]> answers,
            Consumer<String, byte[]> consensus, Duration answerTimeout) {
        this.producer = producer;
        this.publisher = new EventPublisher(producer, CE_SOURCE, Clock.systemUTC());
        this.answers = answers;
        this.consensus = consensus;
        this.answerTimeout = answerTimeout;
    }

    /**
     * @param answerTimeout how long {@link #submit} waits for ingest's answer; {@link Duration#ZERO}
     *                      publishes and returns at once
     */
    public static JobSubmitter connect(KafkaSettings kafka, Duration answerTimeout) {
        Producer<String, byte[]> producer = new KafkaProducer<>(kafka.producer(CLIENT_ID));
        Consumer<String, byte[]> answers = null;
        try {
            answers = atEnd(kafka, List.of(Topic.JOBS_READY.topicName(), Topic.JOBS_REQUESTED.dlqName()));
            Consumer<String, byte[]> consensus = atEnd(kafka, List.of(Topic.PREDICTIONS_CONSENSUS.topicName()));
            return new JobSubmitter(producer, answers, consensus, answerTimeout);
        } catch (RuntimeException e) {
            if (answers != null) {
                answers.close();
            }
            producer.close();
            throw e;
        }
    }

    /** A reader of every partition of {@code topics}, already at their (committed) ends. */
    private static Consumer<String, byte[]> atEnd(KafkaSettings kafka, List<String> topics) {
        Consumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(CLIENT_ID));
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the positions now, before a request can be answered.
            partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * Publishes {@code request} (keyed by its symbol) and waits up to the answer timeout for ingest
     * to accept it. Returns the job's id: the request's own, or the one ingest derived; empty if
     * ingest has not answered in time (not running, or slow) and the request carries no id.
     *
     * @throws JobRejectedException if ingest sent the request to the DLQ (the reason says why)
     */
    public Optional<JobId> submit(JobRequested request) {
        RecordMetadata sent = publisher.publish(request);
        String reference = RequestSource.reference(sent.topic(), sent.partition(), sent.offset());
        LOG.info("submitted {} as {}", request.symbol(), reference);
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        while (true) {
            if (readyByRequest.containsKey(reference)) {
                return Optional.of(readyByRequest.remove(reference));
            }
            if (rejectedByRequest.containsKey(reference)) {
                throw new JobRejectedException(request.symbol(), rejectedByRequest.remove(reference));
            }
            if (System.nanoTime() >= deadline) {
                return Optional.ofNullable(request.jobId());
            }
            answers.poll(POLL).forEach(this::remember);
        }
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(Topic.JOBS_READY.topicName())) {
            header(record, RequestSource.HEADER).ifPresent(reference -> parse(record, () -> READY.parse(record.value()))
                    .ifPresent(job -> readyByRequest.put(reference, job.jobId())));
        } else if (Topic.JOBS_REQUESTED.topicName().equals(header(record, DeadLetterRouter.SOURCE_TOPIC).orElse(null))) {
            try {
                String reference = RequestSource.reference(Topic.JOBS_REQUESTED.topicName(),
                        Integer.parseInt(header(record, DeadLetterRouter.SOURCE_PARTITION).orElse("")),
                        Long.parseLong(header(record, DeadLetterRouter.SOURCE_OFFSET).orElse("")));
                rejectedByRequest.put(reference, header(record, DeadLetterRouter.REASON).orElse("no reason given"));
            } catch (NumberFormatException e) {
                LOG.debug("skipping DLQ record {}@{} without source coordinates", record.partition(), record.offset());
            }
        }
    }

    /**
     * The consensus published for {@code jobId} since this submitter was created, waiting up to
     * {@code timeout} for it; empty if none came in time.
     */
    public Optional<ConsensusPrediction> awaitConsensus(JobId jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!consensusByJob.containsKey(jobId) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consensus.poll(POLL)) {
                parse(record, () -> CONSENSUS.parse(record.value()))
                        .ifPresent(c -> consensusByJob.put(c.jobId(), c));
            }
        }
        return Optional.ofNullable(consensusByJob.remove(jobId));
    }

    private static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name);
    }

    /** Someone else's malformed record is not this submitter's business: skip it. */
    private static <T> Optional<T> parse(ConsumerRecord<String, byte[]> record, Supplier<T> parser) {
        try {
            return Optional.of(parser.get());
        } catch (InvalidEventException e) {
            LOG.debug("skipping unreadable {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        // try-with-resources closes all three even if one of them fails to close.
        try (producer; answers; consensus) {
            LOG.debug("job submitter closed");
        }
    }
}
