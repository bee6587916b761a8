package org.locness.aggregator.scores;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.locness.aggregator.metrics.AggregatorMetrics;
import org.locness.aggregator.scoring.JobForecasts;
import org.locness.aggregator.scoring.ScoreAccumulator;
import org.locness.aggregator.weights.WeightsLearner;
import org.locness.events.Event;
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.kafka.CloudEventHeaders;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each job once its consensus and its realized outcome have both arrived, in either order:
 * the running score of every model that voted and of both consensus kinds, overall and for the
 * job's signature, and one Hedge step of the job's weights group. Emits the changed
 * {@link ModelScore}s and the group's new {@link EnsembleWeights} version.
 *
 * <p>All inputs come to this one task (one key, one partition), so one owner updates every score
 * and every group. A job is scored exactly once: its id goes into the scored-jobs store in the
 * same exactly-once transaction as the scores, and a consensus or outcome of a scored job (a
 * duplicate, a replay) is ignored; while a job waits, the first consensus and first outcome win.
 */
final class ScoreKeeper implements Processor<String, ScoringInput, String, Event> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreKeeper.class);

    private final Map<String, Double> fileWeights;
    private final WeightsLearner learner;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, Event> context;
    private KeyValueStore<String, ConsensusPrediction> pendingConsensus;
    private KeyValueStore<String, OutcomeRealized> pendingOutcomes;
    private KeyValueStore<String, Long> scoredJobs;
    private KeyValueStore<String, ScoreAccumulator> scores;
    private KeyValueStore<String, EnsembleWeights> weights;

    ScoreKeeper(Map<String, Double> fileWeights, WeightsLearner learner, AggregatorMetrics metrics) {
        this.fileWeights = Map.copyOf(fileWeights);
        this.learner = learner;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Event> context) {
        this.context = context;
        pendingConsensus = context.getStateStore(ScoresTopology.PENDING_CONSENSUS_STORE);
        pendingOutcomes = context.getStateStore(ScoresTopology.PENDING_OUTCOMES_STORE);
        scoredJobs = context.getStateStore(ScoresTopology.SCORED_JOBS_STORE);
        scores = context.getStateStore(ScoresTopology.SCORES_STORE);
        weights = context.getStateStore(ScoresTopology.WEIGHTS_STORE);
        // The gauges show the restored state at once, not only after the next scored job.
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        try (KeyValueIterator<String, ScoreAccumulator> all = scores.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.jobs() > 0) {
                    metrics.score(kv.value.toScore(nameOf(kv.key), scopeOf(kv.key), now));
                }
            });
        }
        try (KeyValueIterator<String, EnsembleWeights> all = weights.all()) {
            all.forEachRemaining(kv -> metrics.weights(kv.value));
        }
    }

    @Override
    public void process(Record<String, ScoringInput> record) {
        ScoringInput input = record.value();
        String jobId = input.jobId();
        if (scoredJobs.get(jobId) != null) {
            LOG.debug("job {}: already scored, {} ignored", jobId, input.consensus() != null ? "consensus" : "outcome");
            return;
        }
        ConsensusPrediction consensus = pendingConsensus.get(jobId);
        OutcomeRealized outcome = pendingOutcomes.get(jobId);
        if (input.consensus() != null && consensus == null) {
            consensus = input.consensus();
            pendingConsensus.put(jobId, consensus);
        } else if (input.outcome() != null && outcome == null) {
            outcome = input.outcome();
            pendingOutcomes.put(jobId, outcome);
        }
        if (consensus == null || outcome == null) {
            return;
        }
        if (!consensus.symbol().equals(outcome.symbol()) || !consensus.date().equals(outcome.date())) {
            // Both came through their readers' checks; a mismatch is a producer bug, and scoring
            // either pairing would be a guess. The job is marked so it is not retried for ever.
            LOG.error("job {}: consensus is {} {} but outcome is {} {}; not scored", jobId, consensus.symbol(),
                    consensus.date(), outcome.symbol(), outcome.date());
        } else {
            score(consensus, outcome);
        }
        long now = context.currentSystemTimeMs();
        scoredJobs.put(jobId, now);
        pendingConsensus.delete(jobId);
        pendingOutcomes.delete(jobId);
    }

    private void score(ConsensusPrediction consensus, OutcomeRealized outcome) {
        long nowMs = context.currentSystemTimeMs();
        Instant now = Instant.ofEpochMilli(nowMs);
        ConsensusBasis basis = consensus.basis();
        String label = outcome.label();
        Map<String, Map<String, Double>> forecasts = JobForecasts.of(consensus, fileWeights);
        for (Map.Entry<String, Map<String, Double>> forecast : forecasts.entrySet()) {
            update(forecast.getKey(), ModelScore.ALL_SCOPE, forecast.getValue(), outcome, now, nowMs);
            if (basis.signature() != null) {
                update(forecast.getKey(), basis.signature(), forecast.getValue(), outcome, now, nowMs);
            }
        }
        Map<String, Double> losses = new TreeMap<>();
        basis.votes().forEach((model, vote) -> losses.put(model, JobForecasts.logLoss(vote, label)));
        String group = learner.spec().groupOf(basis.signature());
        learner.next(group, weights.get(group), losses, consensus.jobId().value(), now).ifPresent(next -> {
            weights.put(group, next);
            metrics.weights(next);
            emit(next, nowMs);
            LOG.info("job {}: scored ({}), weights {} v{}{}: {}", consensus.jobId(), label, group, next.version(),
                    next.warm() ? " warm" : "", next.weights());
        });
    }

    private void update(String name, String scope, Map<String, Double> forecast, OutcomeRealized outcome,
            Instant now, long nowMs) {
        String key = name + "|" + scope;
        ScoreAccumulator held = scores.get(key);
        ScoreAccumulator next = (held == null ? ScoreAccumulator.empty() : held)
                .add(forecast, outcome.label(), outcome.date());
        scores.put(key, next);
        ModelScore score = next.toScore(name, scope, now);
        if (scope.equals(ModelScore.ALL_SCOPE)) {
            metrics.score(score);
        }
        emit(score, nowMs);
    }

    private void emit(Event event, long nowMs) {
        Headers headers = new RecordHeaders();
        CloudEventHeaders.add(headers, event, ScoresTopology.CE_SOURCE,
                Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC));
        context.forward(new Record<>(event.recordKey(), event, nowMs, headers));
    }

    private static String nameOf(String key) {
        return key.substring(0, key.indexOf('|'));
    }

    private static String scopeOf(String key) {
        return key.substring(key.indexOf('|') + 1);
    }
}
