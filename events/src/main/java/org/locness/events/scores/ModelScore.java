package org.locness.events.scores;

import java.time.Instant;
import java.util.List;
import org.locness.events.Event;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.id.TradingDate;
import org.locness.events.topic.Topic;

/**
 * The running score of one forecaster (a model, {@value #CONSENSUS_STATIC} or {@value #CONSENSUS_ADAPTIVE})
 * over every scored job up to {@code asOf}, for one scope ({@value #ALL_SCOPE} or a pattern
 * signature): the multiclass Brier score (sum over labels of the squared error, 0 best, 2 worst),
 * the log loss (natural log, probabilities clipped at 1e-6), the hit rate of the top label, and the
 * expected calibration error over ten confidence bins.
 */
public record ModelScore(
        String name,
        String scope,
        TradingDate asOf,
        long jobs,
        double brier,
        double logLoss,
        double hitRate,
        double ece,
        List<CalibrationBin> calibration,
        Instant updatedAt) implements Event {

    public static final String CONSENSUS_STATIC = "consensus-static";
    public static final String CONSENSUS_ADAPTIVE = "consensus-adaptive";
    public static final String ALL_SCOPE = "all";

    public ModelScore {
        Require.text("name", name, 128);
        Require.text("scope", scope, 256);
        Require.present("asOf", asOf);
        if (jobs < 1) {
            throw new InvalidEventException("jobs", "a score covers at least one job, was " + jobs);
        }
        Require.finiteNonNegative("brier", brier);
        Require.finiteNonNegative("logLoss", logLoss);
        Require.finiteNonNegative("hitRate", hitRate);
        Require.finiteNonNegative("ece", ece);
        calibration = List.copyOf(Require.present("calibration", calibration));
        Require.present("updatedAt", updatedAt);
    }

    @Override
    public String recordKey() {
        return name + "|" + scope;
    }

    @Override
    public Topic topic() {
        return Topic.SCORES_DAILY;
    }
}
