package org.locness.cli.dlq;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.locness.cli.status.TopicScanner;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Component;

/**
 * Re-publishes dead letters to the topic they came from: the original key, value and headers,
 * with the DLQ record's timestamp (the nearest to the original's that the DLQ keeps, so a request
 * without a date still means the day it was made), plus {@link #REPLAYED_FROM}.
 *
 * <p>That header is also the durable mark of what was replayed: before replaying, the source topic
 * is scanned for it, and a dead letter already named there is skipped. The mark and the replay are
 * one record, so no crash can leave a record replayed but unmarked (a committed consumer offset
 * could: sent, then killed before the commit); and unlike one committed offset per DLQ it stays
 * right when {@code --reason} or {@code --since} pass over earlier records that a later run may want.
 */
public final class DeadLetterReplayer {
    /** On a replayed record: {@code <dlq topic>/<partition>/<offset>} of the dead letter it re-publishes. */
    public static final String REPLAYED_FROM = "dlq_replayed_from";
    private static final String CLIENT_ID = Component.OPERATOR.groupPrefixes().get(0) + "dlq-replay";

    private final KafkaSettings kafka;
    private final TopicScanner scanner;

    public DeadLetterReplayer(KafkaSettings kafka) {
        this.kafka = kafka;
        this.scanner = new TopicScanner(kafka);
    }

    /** What a replay did with each dead letter it looked at. */
    public enum Outcome { REPLAYED, WOULD_REPLAY, ALREADY_REPLAYED, REFUSED, FILTERED_OUT }

    /** How many dead letters were replayed (or, in a dry run, would be), were already, were refused, or filtered out. */
    public record Report(int replayed, int alreadyReplayed, int refused, int filteredOut) {
    }

    public Report replay(DeadLetterTopic dlq, ReplayFilter filter, boolean dryRun, Consumer<String> progress) {
        String sourceTopic = dlq.source().topicName();
        Set<String> replayed = replayedFrom(sourceTopic, dlq);
        int[] counts = new int[Outcome.values().length];
        try (Producer<String, byte[]> producer = dryRun ? null : new KafkaProducer<>(kafka.producer(CLIENT_ID))) {
            boolean complete = scanner.scan(dlq.name(), record -> {
                DeadLetter letter = new DeadLetter(record);
                Outcome outcome = decide(letter, filter, replayed, sourceTopic, dryRun, progress);
                if (outcome == Outcome.REPLAYED) {
                    RecordMetadata sent = send(producer, republished(letter, sourceTopic));
                    replayed.add(letter.coordinates());
                    progress.accept("replayed " + letter.coordinates() + " -> " + sent.topic() + "/" + sent.partition()
                            + "/" + sent.offset());
                }
                counts[outcome.ordinal()]++;
            });
            if (!complete) {
                throw new IllegalStateException("could not read " + dlq + " to its end within 30 s; what was replayed "
                        + "so far is marked, run the replay again");
            }
        }
        return new Report(counts[Outcome.REPLAYED.ordinal()] + counts[Outcome.WOULD_REPLAY.ordinal()],
                counts[Outcome.ALREADY_REPLAYED.ordinal()], counts[Outcome.REFUSED.ordinal()],
                counts[Outcome.FILTERED_OUT.ordinal()]);
    }

    private static Outcome decide(DeadLetter letter, ReplayFilter filter, Set<String> replayed, String sourceTopic,
            boolean dryRun, Consumer<String> progress) {
        if (!filter.accepts(letter)) {
            return Outcome.FILTERED_OUT;
        }
        if (replayed.contains(letter.coordinates())) {
            progress.accept("already replayed " + letter.coordinates());
            return Outcome.ALREADY_REPLAYED;
        }
        Optional<String> refusal = letter.header(DeadLetterRouter.SOURCE_TOPIC).filter(sourceTopic::equals).isEmpty()
                ? Optional.of("it does not come from " + sourceTopic + " (" + DeadLetterRouter.SOURCE_TOPIC + ": "
                        + letter.header(DeadLetterRouter.SOURCE_TOPIC).orElse("missing") + ")")
                : letter.notReplayable();
        if (refusal.isPresent()) {
            progress.accept("refused " + letter.coordinates() + ": " + refusal.get());
            return Outcome.REFUSED;
        }
        if (dryRun) {
            progress.accept("would replay " + letter.coordinates() + " (key " + letter.record().key() + ", "
                    + letter.reason() + ") -> " + sourceTopic);
            return Outcome.WOULD_REPLAY;
        }
        return Outcome.REPLAYED;
    }

    /** The coordinates of every dead letter of {@code dlq} already replayed to {@code sourceTopic}. */
    private Set<String> replayedFrom(String sourceTopic, DeadLetterTopic dlq) {
        Set<String> replayed = new HashSet<>();
        String prefix = dlq.name() + "/";
        boolean complete = scanner.scan(sourceTopic, record -> CloudEventHeaders.read(record.headers(), REPLAYED_FROM)
                .filter(from -> from.startsWith(prefix)).ifPresent(replayed::add));
        if (!complete) {
            throw new IllegalStateException("could not read " + sourceTopic + " to its end within 30 s, so what was "
                    + "already replayed is unknown; nothing replayed");
        }
        return replayed;
    }

    static ProducerRecord<String, byte[]> republished(DeadLetter letter, String sourceTopic) {
        ConsumerRecord<String, byte[]> record = letter.record();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(sourceTopic, null, record.timestamp(), record.key(),
                record.value());
        letter.originalHeaders().forEach(out.headers()::add);
        out.headers().add(REPLAYED_FROM, letter.coordinates().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Returns once the broker has the record: only then does it count, and mark, as replayed. */
    private static RecordMetadata send(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying to " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not replay to " + record.topic() + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
