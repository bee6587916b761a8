package org.locness.aggregator.scores;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.events.InvalidEventException;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.outcome.OutcomeRealized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one input topic of the scores application before it is re-keyed, while the record's topic,
 * partition and offset are still known: a record that cannot be read becomes its dead letter (for
 * {@code <topic>.dlq}); one that has nothing to score is dropped.
 */
final class InputReader implements Processor<String, byte[], String, ScoringRoute> {
    private static final Logger LOG = LoggerFactory.getLogger(InputReader.class);
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);
    private static final EventCodec<OutcomeRealized> OUTCOME = EventCodec.of(OutcomeRealized.class);

    @FunctionalInterface
    interface Reading {
        /** @throws InvalidEventException when the record can never be scored */
        Optional<ScoringInput> read(String key, byte[] value);
    }

    private final Reading reading;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, ScoringRoute> context;

    private InputReader(Reading reading, AggregatorMetrics metrics) {
        this.reading = reading;
        this.metrics = metrics;
    }

    /** FAILED consensus records and those without a basis (written before adaptive weights) have nothing to score. */
    static InputReader consensus(AggregatorMetrics metrics) {
        return new InputReader((key, value) -> {
            ConsensusPrediction consensus = CONSENSUS.parse(value);
            if (consensus.status() == ConsensusStatus.FAILED || consensus.basis() == null) {
                return Optional.empty();
            }
            return Optional.of(new ScoringInput(consensus, null));
        }, metrics);
    }

    /** Only REALIZED outcomes are scored; the key must be the job id, as the contract keys the topic. */
    static InputReader outcomes(AggregatorMetrics metrics) {
        return new InputReader((key, value) -> {
            OutcomeRealized outcome = OUTCOME.parse(value);
            if (!outcome.jobId().value().equals(key)) {
                throw new InvalidEventException("key", "must be the jobId '" + outcome.jobId() + "', was "
                        + (key == null ? "absent" : "'" + key + "'"));
            }
            return outcome.realized() ? Optional.of(new ScoringInput(null, outcome)) : Optional.empty();
        }, metrics);
    }

    @Override
    public void init(ProcessorContext<String, ScoringRoute> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            reading.read(record.key(), record.value())
                    .ifPresent(input -> context.forward(record.withValue(new ScoringRoute(input, null))));
        } catch (InvalidEventException e) {
            RecordMetadata source = context.recordMetadata().orElseThrow();
            ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(source.topic(), source.partition(),
                    source.offset(), record.timestamp(), TimestampType.CREATE_TIME, -1, -1, record.key(),
                    record.value(), record.headers(), Optional.empty());
            ProducerRecord<String, byte[]> dead = DeadLetterRouter.deadLetter(original, e);
            context.forward(new Record<>(dead.key(), new ScoringRoute(null, dead.value()), record.timestamp(),
                    dead.headers()));
            metrics.scoringInputDeadLettered();
            LOG.warn("{}-{}@{} sent to {}: {}", source.topic(), source.partition(), source.offset(),
                    DeadLetterRouter.dlqOf(source.topic()), e.getMessage());
        }
    }
}
