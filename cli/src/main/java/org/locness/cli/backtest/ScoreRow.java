package org.locness.cli.backtest;

import org.locness.events.scores.ModelScore;

/** One forecaster's line of the backtest table: its final scores over every job it was scored on. */
public record ScoreRow(String name, double brier, double logLoss, double hitRate, double ece, long jobs) {

    static ScoreRow of(ModelScore score) {
        return new ScoreRow(score.name(), score.brier(), score.logLoss(), score.hitRate(), score.ece(), score.jobs());
    }

    public boolean consensus() {
        return name.equals(ModelScore.CONSENSUS_STATIC) || name.equals(ModelScore.CONSENSUS_ADAPTIVE);
    }
}
