package org.locness.aggregator.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.locness.events.InvalidEventException;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.result.ResultStaged;

/**
 * One job's state in the aggregator's store: what it expects, what has reported, and whether its
 * consensus is out. Immutable; every change returns a new value that the processor writes back.
 *
 * @param deadlineMs            wall-clock time at which the job is decided from what has reported
 * @param lastResultTimestampMs record timestamp of the last result counted before publication
 * @param publishedStatus       null until the consensus is published: the "published" marker
 */
public record JobState(JobId jobId, Symbol symbol, TradingDate date, List<ExpectedModel> expectedModels,
        long deadlineMs, List<ModelOutcome> outcomes, long lastResultTimestampMs,
        ConsensusStatus publishedStatus, Long publishedAtMs) {

    public JobState {
        expectedModels = List.copyOf(expectedModels);
        outcomes = List.copyOf(outcomes);
    }

    static JobState open(ResultStaged first, long deadlineMs) {
        return new JobState(first.jobId(), first.symbol(), first.date(), first.expectedModels(), deadlineMs,
                List.of(), 0L, null, null);
    }

    /** A job opened by its ready event; {@code readyTimestampMs} stands in for a last result until one comes. */
    static JobState open(JobReady ready, long deadlineMs, long readyTimestampMs) {
        return new JobState(ready.jobId(), ready.symbol(), ready.date(), ready.expectedModels(), deadlineMs,
                List.of(), readyTimestampMs, null, null);
    }

    /**
     * A result must describe the same job as the ready event or first result did: a disagreement
     * means a producer is broken, and counting it would make the consensus depend on arrival order.
     */
    void requireConsistent(ResultStaged result) {
        if (!result.symbol().equals(symbol)) {
            throw new InvalidEventException("symbol", "'" + result.symbol() + "' differs from '" + symbol
                    + "' as job " + jobId + " was first seen");
        }
        if (!result.date().equals(date)) {
            throw new InvalidEventException("date", "'" + result.date() + "' differs from '" + date
                    + "' as job " + jobId + " was first seen");
        }
        if (!Set.copyOf(result.expectedModels()).equals(Set.copyOf(expectedModels))) {
            throw new InvalidEventException("expectedModels", describe(result.expectedModels())
                    + " differ from " + describe(expectedModels) + " as job " + jobId + " was first seen");
        }
    }

    boolean hasReported(ModelName model) {
        return outcomes.stream().anyMatch(o -> o.model().equals(model));
    }

    boolean published() {
        return publishedStatus != null;
    }

    boolean allReported() {
        return expectedModels.stream().allMatch(m -> hasReported(m.model()));
    }

    JobState withOutcome(ModelOutcome outcome, long recordTimestampMs) {
        List<ModelOutcome> next = new ArrayList<>(outcomes);
        next.add(outcome);
        next.sort(Comparator.comparing(ModelOutcome::model));
        long last = outcome.late() ? lastResultTimestampMs : Math.max(lastResultTimestampMs, recordTimestampMs);
        return new JobState(jobId, symbol, date, expectedModels, deadlineMs, next, last, publishedStatus, publishedAtMs);
    }

    JobState publishedAs(ConsensusStatus status, long atMs) {
        return new JobState(jobId, symbol, date, expectedModels, deadlineMs, outcomes, lastResultTimestampMs,
                Objects.requireNonNull(status), atMs);
    }

    private static String describe(List<ExpectedModel> models) {
        return models.stream().sorted(Comparator.comparing(ExpectedModel::model))
                .map(m -> m.model() + " on " + m.node() + " weight " + m.weight())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
