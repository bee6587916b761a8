package org.locness.cli.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.locness.events.InvalidEventException;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.job.JobReady;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Topic;
import org.locness.ingest.intake.RequestSource;

/** Folds every topic's records about one job into a {@link JobTrace}. */
public final class JobTracer {
    private final TopicScanner scanner;
    private final OutcomeDefinition outcomeDefinition;

    /** A tracer that does not know the ensemble: a pending outcome's horizon day goes unnamed. */
    public JobTracer(KafkaSettings kafka) {
        this(kafka, null);
    }

    /** {@code outcomeDefinition}, the ensemble's, names the market data a pending outcome waits for. */
    public JobTracer(KafkaSettings kafka, OutcomeDefinition outcomeDefinition) {
        this.scanner = new TopicScanner(kafka);
        this.outcomeDefinition = outcomeDefinition;
    }

    public JobTrace trace(JobId jobId) {
        JobTrace trace = new JobTrace(jobId, outcomeDefinition);
        String id = jobId.value();
        List<String> requestReferences = new ArrayList<>();
        scanner.scan(Topic.JOBS_READY.topicName(), r -> parse(r, JobReady.class, id).ifPresent(ready -> {
            trace.ready(ready, RecordPosition.of(r));
            Header source = r.headers().lastHeader(RequestSource.HEADER);
            if (source != null) {
                requestReferences.add(new String(source.value(), StandardCharsets.UTF_8));
            }
        }));
        requestReferences.stream().findFirst().ifPresent(reference -> request(reference, trace));
        if (!trace.isReady()) {
            // Not ready yet: an explicit job id names its request, which intake may still be working on.
            scanner.scan(Topic.JOBS_REQUESTED.topicName(), r -> {
                if (!trace.hasRequest() && contains(r, id)) {
                    trace.requested(RecordPosition.of(r), Instant.ofEpochMilli(r.timestamp()),
                            new String(r.value(), StandardCharsets.UTF_8));
                }
            });
        }
        scanner.scan(Topic.INFERENCE_COMPLETED.topicName(),
                r -> parse(r, InferenceCompleted.class, id).ifPresent(c -> trace.completed(c, RecordPosition.of(r))));
        scanner.scan(Topic.RESULTS_STAGED.topicName(),
                r -> parse(r, ResultStaged.class, id).ifPresent(s -> trace.staged(s, RecordPosition.of(r))));
        scanner.scan(Topic.PREDICTIONS_CONSENSUS.topicName(), r -> {
            if (contains(r, id)) {
                parse(r, ConsensusPrediction.class, null).filter(c -> c.jobId().equals(jobId)).ifPresent(trace::consensus);
            }
        });
        scanner.scan(Topic.OUTCOMES_REALIZED.topicName(),
                r -> parse(r, OutcomeRealized.class, id).ifPresent(trace::outcome));
        for (Topic topic : Topic.values()) {
            scanner.scan(topic.dlqName(), r -> {
                if (id.equals(r.key()) || contains(r, id)) {
                    trace.deadLetter(topic.dlqName(), r.offset(), header(r, DeadLetterRouter.REASON));
                }
            });
        }
        return trace;
    }

    /** The request behind the job, from the {@code jobs.requested/partition/offset} reference ingest leaves on jobs.ready. */
    private void request(String reference, JobTrace trace) {
        String[] parts = reference.split("/");
        if (parts.length != 3) {
            return;
        }
        scanner.read(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2])).ifPresent(r -> trace.requested(
                RecordPosition.of(r), Instant.ofEpochMilli(r.timestamp()), new String(r.value(), StandardCharsets.UTF_8)));
    }

    private static <T> Optional<T> parse(ConsumerRecord<String, byte[]> record, Class<T> type, String key) {
        if (key != null && !key.equals(record.key())) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventCodec.of(type).parse(record.value()));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }

    private static boolean contains(ConsumerRecord<String, byte[]> record, String jobId) {
        return record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains("\"" + jobId + "\"");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "(no reason header)" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
