package org.locness.aggregator.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.locness.aggregator.consensus.Consensus;
import org.locness.aggregator.consensus.ConsensusCalculator;
import org.locness.aggregator.consensus.ModelVote;
import org.locness.aggregator.weights.ConsensusWeights;
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.ensemble.Quorum;
import org.locness.events.id.ModelName;
import org.locness.events.job.ExpectedModel;
import org.locness.events.weights.AdaptiveWeightsSpec;
import org.locness.events.weights.EnsembleWeights;

/**
 * When a job is decided and what its consensus says. Pure: the processor calls it after every
 * counted result and at the deadline.
 *
 * <ul>
 *   <li>Every expected model reported and all succeeded: COMPLETE.</li>
 *   <li>Every expected model reported, or the deadline passed, and the succeeded models meet the
 *       ensemble's {@link Quorum} (enough models, enough of the expected weight): PARTIAL, from the
 *       succeeded models only,
 *       naming the missing and the failed ones. A job whose models all reported but some failed is
 *       decided at once (there is nothing left to wait for) and is PARTIAL, because not every
 *       model's vote is in it.</li>
 *   <li>Otherwise, at that point: FAILED with the reason, which names the missing and failed models
 *       (a job none of whose models answered is FAILED with every model missing).</li>
 * </ul>
 *
 * <p>The prediction weighs the votes with the job's group's adaptive weights once that group is
 * warm, else with the file weights ({@link ConsensusWeights}); {@code basis} records which, with
 * the votes, so the consensus can be recomputed from the record alone.
 */
final class Verdict {
    private static final int MAX_REASON = 2048;
    private static final int MAX_MODEL_REASON = 160;

    private Verdict() {
    }

    /**
     * @param weightsGroups how jobs are grouped for adaptive weights (the job's group comes from the
     *                      signature its results carry)
     * @param newestWeights a group's newest {@code weights.current} record, null when there is none
     */
    static Optional<ConsensusPrediction> decide(JobState job, Quorum quorum, AdaptiveWeightsSpec weightsGroups,
            Function<String, EnsembleWeights> newestWeights, Duration deadline, boolean deadlineReached, Instant now) {
        boolean allReported = job.allReported();
        if (!allReported && !deadlineReached) {
            return Optional.empty();
        }
        List<ModelOutcome> counted = job.outcomes().stream().filter(o -> !o.late()).toList();
        List<ModelName> used = counted.stream().filter(ModelOutcome::succeeded).map(ModelOutcome::model).toList();
        List<ModelOutcome> failed = counted.stream().filter(o -> !o.succeeded()).toList();
        List<ModelName> failedNames = failed.stream().map(ModelOutcome::model).toList();
        List<ModelName> missing = job.expectedModels().stream().map(ExpectedModel::model)
                .filter(m -> !job.hasReported(m)).sorted().toList();

        // The quorum is about availability (did enough of the ensemble answer?), not about skill, so it
        // is judged on the file weights the job carries, never on the adaptive ones.
        double totalWeight = job.expectedModels().stream().mapToDouble(ExpectedModel::weight).sum();
        double usedWeight = job.expectedModels().stream().filter(m -> used.contains(m.model()))
                .mapToDouble(ExpectedModel::weight).sum();
        double share = usedWeight / totalWeight;

        Optional<String> shortfall = quorum.shortfall(used.size(), job.expectedModels().size(), share);
        ConsensusStatus status;
        if (allReported && failed.isEmpty()) {
            status = ConsensusStatus.COMPLETE;
        } else if (shortfall.isEmpty()) {
            status = ConsensusStatus.PARTIAL;
        } else {
            String reason = (allReported ? "every model reported" : "deadline " + deadline + " passed")
                    + ": " + shortfall.get() + describeMissing(missing) + describeFailed(failed);
            return Optional.of(new ConsensusPrediction(job.jobId(), job.symbol(), job.date(), ConsensusStatus.FAILED,
                    false, null, null, null, null, null, used, missing, failedNames, abbreviate(reason, MAX_REASON), now, null));
        }
        List<ModelOutcome> voters = counted.stream().filter(ModelOutcome::succeeded).toList();
        String signature = voters.stream().map(ModelOutcome::signature).filter(Objects::nonNull).findFirst()
                .orElse(null);
        String group = weightsGroups.groupOf(signature);
        ConsensusWeights weights = ConsensusWeights.choose(job.expectedModels(), used, newestWeights.apply(group));
        // Votes in model order (the job keeps its outcomes sorted): the basis recomputes the same sums.
        List<ModelVote> votes = voters.stream()
                .map(o -> new ModelVote(o.model(), weights.weights().get(o.model()), o.probabilities())).toList();
        Consensus consensus = ConsensusCalculator.calculate(votes);
        Map<String, Double> basisWeights = new TreeMap<>();
        Map<String, Map<String, Double>> basisVotes = new TreeMap<>();
        for (ModelVote vote : votes) {
            basisWeights.put(vote.model().value(), vote.weight());
            basisVotes.put(vote.model().value(), vote.probabilities());
        }
        ConsensusBasis basis = new ConsensusBasis(signature, group, weights.version(), basisWeights, basisVotes);
        return Optional.of(new ConsensusPrediction(job.jobId(), job.symbol(), job.date(), status,
                status == ConsensusStatus.PARTIAL, consensus.prediction(), consensus.probabilities(),
                consensus.confidence(), consensus.agreement(), consensus.entropy(), used, missing, failedNames,
                null, now, basis));
    }

    private static String describeMissing(List<ModelName> missing) {
        return missing.isEmpty() ? "" : "; missing: " + missing;
    }

    private static String describeFailed(List<ModelOutcome> failed) {
        if (failed.isEmpty()) {
            return "";
        }
        return failed.stream().sorted(Comparator.comparing(ModelOutcome::model))
                .map(o -> o.model() + " (" + abbreviate(o.reason(), MAX_MODEL_REASON) + ")")
                .collect(Collectors.joining(", ", "; failed: ", ""));
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
