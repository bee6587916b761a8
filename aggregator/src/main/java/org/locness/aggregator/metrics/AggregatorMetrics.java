package org.locness.aggregator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;

/**
 * The aggregator's own meters. Names are given in Micrometer's dotted form; the Prometheus registry
 * renders them as {@code locness_consensus_published_total{status}},
 * {@code locness_consensus_latency_seconds}, {@code locness_results_late_total},
 * {@code locness_results_duplicate_total}, {@code locness_results_dead_lettered_total}; from the scores
 * application, {@code locness_scoring_inputs_dead_lettered_total} and the gauges of each forecaster's
 * overall score ({@code locness_model_brier}, {@code locness_model_log_loss}, {@code locness_model_hit_rate},
 * {@code locness_model_ece}, {@code locness_model_scored_jobs}, tag {@code model}: a model,
 * {@code consensus-static} or {@code consensus-adaptive}) and each group's current shares
 * ({@code locness_model_weight{model,group}}).
 *
 * <p>Under exactly-once a task that aborts re-processes its records, so these counters may count a
 * record twice; the topics, not the meters, are the record of truth.
 */
public final class AggregatorMetrics {
    private final Map<ConsensusStatus, Counter> published = new EnumMap<>(ConsensusStatus.class);
    private final Map<ConsensusStatus, Timer> latency = new EnumMap<>(ConsensusStatus.class);
    private final Counter late;
    private final Counter duplicate;
    private final Counter deadLettered;
    private final Counter scoringDeadLettered;
    private final MeterRegistry registry;
    /** Gauge id (name and tags) → its current value; a gauge is registered the first time its value is set. */
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();

    public AggregatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ConsensusStatus status : ConsensusStatus.values()) {
            String tag = status.name().toLowerCase(Locale.ROOT);
            published.put(status, Counter.builder("locness.consensus.published")
                    .description("Consensus records published, by status")
                    .tag("status", tag).register(registry));
            latency.put(status, Timer.builder("locness.consensus.latency")
                    .description("From the job's last counted result (its record timestamp) to its consensus")
                    .tag("status", tag)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(registry));
        }
        late = Counter.builder("locness.results.late")
                .description("Results that arrived after their job's consensus was published").register(registry);
        duplicate = Counter.builder("locness.results.duplicate")
                .description("Results for a (job, model) already counted, ignored").register(registry);
        deadLettered = Counter.builder("locness.results.dead.lettered")
                .description("Results sent to results.staged.dlq").register(registry);
        scoringDeadLettered = Counter.builder("locness.scoring.inputs.dead.lettered")
                .description("Consensus and outcome records the scores application sent to their DLQ").register(registry);
    }

    public void published(ConsensusStatus status, Duration sinceLastResult) {
        published.get(status).increment();
        latency.get(status).record(sinceLastResult.isNegative() ? Duration.ZERO : sinceLastResult);
    }

    public void late() {
        late.increment();
    }

    public void duplicate() {
        duplicate.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    public void scoringInputDeadLettered() {
        scoringDeadLettered.increment();
    }

    /** Shows a forecaster's overall score; scores of other scopes are on {@code scores.daily} only. */
    public void score(ModelScore score) {
        if (!score.scope().equals(ModelScore.ALL_SCOPE)) {
            return;
        }
        Tags tags = Tags.of("model", score.name());
        set("locness.model.brier", "Multiclass Brier score over every scored job (0 best, 2 worst)", tags, score.brier());
        set("locness.model.log.loss", "Mean log loss (natural log) over every scored job", tags, score.logLoss());
        set("locness.model.hit.rate", "Share of scored jobs whose top label was the outcome", tags, score.hitRate());
        set("locness.model.ece", "Expected calibration error over ten confidence bins", tags, score.ece());
        set("locness.model.scored.jobs", "Jobs scored", tags, score.jobs());
    }

    /** Shows a group's current adaptive share of each model. */
    public void weights(EnsembleWeights weights) {
        weights.weights().forEach((model, share) -> set("locness.model.weight",
                "The model's current adaptive share of the weight in its group", Tags.of("model", model, "group",
                        weights.group()), share));
    }

    private void set(String name, String description, Tags tags, double value) {
        String id = name + tags;
        if (gauges.put(id, value) == null) {
            Gauge.builder(name, gauges, values -> values.getOrDefault(id, Double.NaN)).tags(tags)
                    .description(description).strongReference(true).register(registry);
        }
    }
}
