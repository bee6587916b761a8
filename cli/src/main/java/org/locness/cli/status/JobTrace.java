package org.locness.cli.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.lake.LakeKeys;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Component;

/**
 * One job's path through the topics, folded from the events that mention it. Pure: events in, a
 * readable report out, including where the job stands and why it stopped.
 */
public final class JobTrace {
    private final JobId jobId;
    private String requested;
    private RecordPosition requestedAt;
    private JobReady ready;
    private RecordPosition readyAt;
    private final Map<String, InferenceCompleted> completed = new TreeMap<>();
    private final Map<String, RecordPosition> completedAt = new TreeMap<>();
    private final Map<String, ResultStaged> staged = new TreeMap<>();
    private final Map<String, RecordPosition> stagedAt = new TreeMap<>();
    private ConsensusPrediction consensus;
    private final List<String> deadLetters = new ArrayList<>();
    private final OutcomeDefinition outcomeDefinition;
    private OutcomeRealized outcome;

    /** A trace that cannot say which day's market data a pending outcome waits for. */
    public JobTrace(JobId jobId) {
        this(jobId, null);
    }

    /** {@code outcomeDefinition} (the ensemble's) names the horizon day a pending outcome waits for. */
    public JobTrace(JobId jobId, OutcomeDefinition outcomeDefinition) {
        this.jobId = jobId;
        this.outcomeDefinition = outcomeDefinition;
    }

    /** The request record the job came from: where it is, when it was published, what it said. */
    public void requested(RecordPosition position, Instant at, String value) {
        requested = position.topic() + "/" + position.partition() + "/" + position.offset() + " at " + at + ": "
                + value.strip();
        requestedAt = position;
    }

    public void ready(JobReady event, RecordPosition position) {
        ready = event;
        readyAt = position;
    }

    public void completed(InferenceCompleted event, RecordPosition position) {
        completed.put(event.model().value(), event);
        completedAt.put(event.model().value(), position);
    }

    public void staged(ResultStaged event, RecordPosition position) {
        staged.put(event.model().value(), event);
        stagedAt.put(event.model().value(), position);
    }

    /** Whether the job's request was found (jobs.ready names it, or a scan of jobs.requested did). */
    public boolean hasRequest() {
        return requestedAt != null;
    }

    public boolean isReady() {
        return ready != null;
    }

    public void consensus(ConsensusPrediction event) {
        consensus = event;
    }

    /** The job's outcome on outcomes.realized; a later record for the job replaces an earlier one. */
    public void outcome(OutcomeRealized event) {
        outcome = event;
    }

    public void deadLetter(String topic, long offset, String reason) {
        deadLetters.add(topic + " @" + offset + ": " + reason);
    }

    public boolean found() {
        return requested != null || ready != null || !completed.isEmpty() || !staged.isEmpty() || consensus != null || outcome != null
                || !deadLetters.isEmpty();
    }

    /** Where the job stands, in one phrase an operator can act on. */
    public String stage() {
        if (consensus != null) {
            return "consensus published (" + consensus.status() + ")";
        }
        if (ready == null) {
            if (!deadLetters.isEmpty()) {
                return "rejected (see dead letters)";
            }
            return requested == null ? "not found on jobs.ready" : "requested, not yet on jobs.ready";
        }
        List<String> waitingInference = new ArrayList<>();
        List<String> waitingSweep = new ArrayList<>();
        for (ExpectedModel m : ready.expectedModels()) {
            if (!completed.containsKey(m.model().value())) {
                waitingInference.add(m.model() + "@" + m.node());
            } else if (!staged.containsKey(m.model().value())) {
                waitingSweep.add(m.model() + "@" + m.node());
            }
        }
        if (!waitingInference.isEmpty()) {
            return "waiting for inference: " + String.join(", ", waitingInference);
        }
        if (!waitingSweep.isEmpty()) {
            return "waiting for the sweeper to stage: " + String.join(", ", waitingSweep);
        }
        return "all results staged; waiting for the aggregator";
    }

    /** The steps still owed to this job, each with the consumer group that owes it and the record it must pass. */
    public List<PendingStep> pendingSteps() {
        List<PendingStep> steps = new ArrayList<>();
        if (consensus != null) {
            return steps;
        }
        if (ready == null) {
            if (requestedAt != null && deadLetters.isEmpty()) {
                steps.add(new PendingStep(Component.ingestJobsGroup(), "intake to jobs.ready", requestedAt));
            }
            return steps;
        }
        List<RecordPosition> stagedInputs = new ArrayList<>();
        for (ExpectedModel m : ready.expectedModels()) {
            String model = m.model().value();
            if (!completed.containsKey(model)) {
                steps.add(new PendingStep(Component.inferenceGroup(m.model()), "inference of " + model + " on " + m.node(),
                        readyAt));
            } else if (!staged.containsKey(model)) {
                // The sweeper of the disk the outputs are on, which is not the home node when the model moved.
                NodeName disk = completed.get(model).node();
                steps.add(new PendingStep(Component.sweeperGroup(disk), "staging of " + model + " by the sweeper of "
                        + disk, completedAt.get(model)));
            } else {
                stagedInputs.add(stagedAt.get(model));
            }
        }
        if (steps.isEmpty() && !stagedInputs.isEmpty()) {
            // A job's results share its key, hence a partition: the newest one is the last the aggregator must read.
            RecordPosition last = stagedInputs.stream().max(Comparator.comparingLong(RecordPosition::offset)).orElseThrow();
            steps.add(new PendingStep(Component.aggregatorApplicationId(), "consensus by the aggregator", last));
        }
        return steps;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("job ").append(jobId).append('\n');
        out.append("  stage:     ").append(stage()).append('\n');
        if (requested != null) {
            out.append("  requested: ").append(requested).append('\n');
        }
        if (ready != null) {
            out.append("  ready:     ").append(ready.symbol()).append(' ').append(ready.date())
                    .append(", inputs ").append(ready.inputKeys().size())
                    .append(", context ").append(ready.contextKey() == null ? "none" : ready.contextKey()
                            + (ready.contextStale() ? " (stale)" : ""))
                    .append(", models ").append(ready.expectedModels().size()).append('\n');
        }
        for (ExpectedModel m : ready == null ? List.<ExpectedModel>of() : ready.expectedModels()) {
            String model = m.model().value();
            InferenceCompleted c = completed.get(model);
            ResultStaged s = staged.get(model);
            out.append(String.format(Locale.ROOT, "  %-18s %-5s ", model, m.node()));
            if (c == null) {
                out.append("pending");
            } else if (c.status() == ModelStatus.FAILED) {
                out.append("FAILED: ").append(c.reason());
            } else {
                out.append(String.format(Locale.ROOT, "%s p=%s, %d tokens, %d ms inference, %d ms total",
                        LabelsOf.prediction(c.probabilities()), LabelsOf.format(c.probabilities()),
                        c.timings().promptTokens(), c.timings().inferenceMillis(), c.timings().totalMillis()));
            }
            out.append(s == null ? "; not staged" : s.succeeded() ? "; staged " + s.resultKey() : "; staged failure: " + s.reason());
            out.append('\n');
        }
        if (consensus != null) {
            out.append("  consensus: ").append(consensus.status());
            if (consensus.prediction() != null) {
                out.append(String.format(Locale.ROOT, " %s, confidence %.3f, agreement %.3f", consensus.prediction(),
                        consensus.confidence(), consensus.agreement()));
            }
            if (!consensus.modelsMissing().isEmpty()) {
                out.append(", missing ").append(consensus.modelsMissing());
            }
            if (!consensus.modelsFailed().isEmpty()) {
                out.append(", failed ").append(consensus.modelsFailed());
            }
            if (consensus.reason() != null) {
                out.append(", reason: ").append(consensus.reason());
            }
            out.append('\n');
        }
        outcomeLine().ifPresent(line -> out.append("  outcome:   ").append(line).append('\n'));
        for (String dead : deadLetters) {
            out.append("  dead letter: ").append(dead).append('\n');
        }
        return out.toString();
    }

    /**
     * What the market did over the job's horizon, why that is not known, or which market data it
     * waits for; nothing before the job is ready.
     */
    Optional<String> outcomeLine() {
        if (outcome == null) {
            if (ready == null) {
                return Optional.empty();
            }
            if (outcomeDefinition == null) {
                return Optional.of("pending: the horizon's market data is not in the lake yet");
            }
            TradingDate end = outcomeDefinition.calendar().plusTradingDays(ready.date(), outcomeDefinition.horizonDays());
            return Optional.of("pending: " + LakeKeys.marketData(ready.symbol(), end) + " not in the lake yet");
        }
        String span = outcome.date() + " -> " + outcome.horizonEnd();
        return Optional.of(switch (outcome.status()) {
            case REALIZED -> String.format(Locale.ROOT, "%s, return %+.4f%% (close %s %.4f -> %.4f), flat below "
                            + "+/-%.4f%% (volatility %.4f%% over %d daily returns)%s", outcome.label(),
                    100 * outcome.realizedReturn(), span, outcome.closeAtDate(), outcome.closeAtHorizon(),
                    100 * outcome.flatThreshold(), 100 * outcome.volatility(), outcome.volatilityDays(),
                    outcome.missingDays().isEmpty() ? "" : "; no market data in the window on " + outcome.missingDays());
            case MISSING_DATA -> "MISSING_DATA (" + span + "): " + String.join(", ", missingFiles())
                    + " not in the lake while a later day is; a late file replaces this outcome";
            case INSUFFICIENT_HISTORY -> "INSUFFICIENT_HISTORY (" + span + "): only " + outcome.volatilityDays()
                    + " daily returns to measure the volatility" + (outcome.missingDays().isEmpty() ? ""
                    : "; missing " + String.join(", ", missingFiles()));
        });
    }

    private List<String> missingFiles() {
        return outcome.missingDays().stream().map(day -> LakeKeys.marketData(outcome.symbol(), day).value()).toList();
    }
}
