package org.locness.cli.backtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;

/**
 * Whether a backtest day is finished: every job of the day has its consensus and its outcome, the
 * scores cover every scorable job so far, and the weights have learned from all of them. A job is
 * scorable when its outcome is realized and its consensus has a prediction; a model is scored on the
 * scorable jobs it voted in. Counts are lower bounds ({@code >=}), so a scorer that also counts, say,
 * the models of a FAILED consensus does not hold the day up. Pure.
 *
 * @param waitingFor what is still missing, for the progress line and the timeout message; empty when done
 */
record DayStatus(int consensus, int outcomes, int dayJobs, long scorable, long scored, long learned,
        List<String> waitingFor) {

    static DayStatus of(Collection<JobId> dayJobs, Collection<JobId> jobsSoFar, Map<JobId, ConsensusPrediction> consensus,
            Map<JobId, OutcomeRealized> outcomes, Map<String, ModelScore> latestScores,
            Collection<EnsembleWeights> latestWeights) {
        List<String> waiting = new ArrayList<>();
        int withConsensus = (int) dayJobs.stream().filter(consensus::containsKey).count();
        int withOutcome = (int) dayJobs.stream().filter(outcomes::containsKey).count();
        if (withConsensus < dayJobs.size()) {
            waiting.add(String.format(Locale.ROOT, "consensus %d/%d", withConsensus, dayJobs.size()));
        }
        if (withOutcome < dayJobs.size()) {
            waiting.add(String.format(Locale.ROOT, "outcomes %d/%d", withOutcome, dayJobs.size()));
        }
        long scorable = 0;
        Map<String, Long> perModel = new TreeMap<>();
        for (JobId job : jobsSoFar) {
            ConsensusPrediction c = consensus.get(job);
            OutcomeRealized o = outcomes.get(job);
            if (c == null || o == null || !o.realized() || c.status() == ConsensusStatus.FAILED) {
                continue;
            }
            scorable++;
            for (ModelName model : c.modelsUsed()) {
                perModel.merge(model.value(), 1L, Long::sum);
            }
        }
        long scored = jobs(latestScores, ModelScore.CONSENSUS_ADAPTIVE);
        long learned = latestWeights.stream().mapToLong(EnsembleWeights::outcomes).sum();
        if (waiting.isEmpty()) {
            for (String name : List.of(ModelScore.CONSENSUS_STATIC, ModelScore.CONSENSUS_ADAPTIVE)) {
                if (jobs(latestScores, name) < scorable) {
                    waiting.add(String.format(Locale.ROOT, "%s scored %d/%d", name, jobs(latestScores, name), scorable));
                }
            }
            perModel.forEach((model, expected) -> {
                if (jobs(latestScores, model) < expected) {
                    waiting.add(String.format(Locale.ROOT, "%s scored %d/%d", model, jobs(latestScores, model), expected));
                }
            });
            if (learned < scorable) {
                waiting.add(String.format(Locale.ROOT, "weights learned from %d/%d outcomes", learned, scorable));
            }
        }
        return new DayStatus(withConsensus, withOutcome, dayJobs.size(), scorable, scored, learned, List.copyOf(waiting));
    }

    private static long jobs(Map<String, ModelScore> latestScores, String name) {
        ModelScore score = latestScores.get(name + "|" + ModelScore.ALL_SCOPE);
        return score == null ? 0 : score.jobs();
    }

    boolean done() {
        return waitingFor.isEmpty();
    }

    /** {@code consensus 4/4, outcomes 4/4, scored 6/8, weights 6/8}: the day's state on one line. */
    String summary() {
        return String.format(Locale.ROOT, "consensus %d/%d, outcomes %d/%d, scored %d/%d, weights learned %d/%d",
                consensus, dayJobs, outcomes, dayJobs, scored, scorable, learned, scorable);
    }
}
