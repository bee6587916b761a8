package org.locness.cli.backtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import org.locness.events.id.TradingDate;
import org.locness.events.scores.CalibrationBin;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;

/**
 * What a backtest shows, aggregated from the records it read off {@code scores.daily} and
 * {@code weights.current} (in any order, duplicates allowed): the final score of each forecaster
 * over all jobs, its score after each day ({@code asOf}), and each weights group's versions. Only the
 * {@value ModelScore#ALL_SCOPE} scope counts; per-signature scores stay on the topic. Pure.
 */
public final class BacktestResults {
    /** Newest first: the record covering the most jobs, then the latest written. */
    private static final Comparator<ModelScore> COVERAGE = Comparator.comparingLong(ModelScore::jobs)
            .thenComparing(ModelScore::asOf).thenComparing(ModelScore::updatedAt);

    private final Map<String, ModelScore> finals;
    private final Map<String, SortedMap<TradingDate, ModelScore>> byDay;
    private final Map<String, List<EnsembleWeights>> weights;

    private BacktestResults(Map<String, ModelScore> finals, Map<String, SortedMap<TradingDate, ModelScore>> byDay,
            Map<String, List<EnsembleWeights>> weights) {
        this.finals = finals;
        this.byDay = byDay;
        this.weights = weights;
    }

    public static BacktestResults of(Collection<ModelScore> scores, Collection<EnsembleWeights> weightRecords) {
        Map<String, ModelScore> finals = new TreeMap<>(BacktestResults::tableOrder);
        Map<String, SortedMap<TradingDate, ModelScore>> byDay = new TreeMap<>(BacktestResults::tableOrder);
        for (ModelScore score : scores) {
            if (!score.scope().equals(ModelScore.ALL_SCOPE)) {
                continue;
            }
            finals.merge(score.name(), score, BacktestResults::newer);
            byDay.computeIfAbsent(score.name(), n -> new TreeMap<>()).merge(score.asOf(), score, BacktestResults::newer);
        }
        Map<String, TreeMap<Long, EnsembleWeights>> versions = new TreeMap<>();
        for (EnsembleWeights w : weightRecords) {
            versions.computeIfAbsent(w.group(), g -> new TreeMap<>()).put(w.version(), w);
        }
        Map<String, List<EnsembleWeights>> weights = new LinkedHashMap<>();
        versions.forEach((group, history) -> weights.put(group, List.copyOf(history.values())));
        return new BacktestResults(finals, byDay, weights);
    }

    /** Models by name, then the static consensus, then the adaptive one. */
    static int tableOrder(String a, String b) {
        return Comparator.comparingInt(BacktestResults::rank).thenComparing(Comparator.naturalOrder()).compare(a, b);
    }

    private static int rank(String name) {
        return switch (name) {
            case ModelScore.CONSENSUS_STATIC -> 1;
            case ModelScore.CONSENSUS_ADAPTIVE -> 2;
            default -> 0;
        };
    }

    private static ModelScore newer(ModelScore a, ModelScore b) {
        return COVERAGE.compare(b, a) > 0 ? b : a;
    }

    /** One row per forecaster, models first (by name), then {@code consensus-static}, {@code consensus-adaptive}. */
    public List<ScoreRow> rows() {
        return finals.values().stream().map(ScoreRow::of).toList();
    }

    public Optional<ScoreRow> row(String name) {
        return Optional.ofNullable(finals.get(name)).map(ScoreRow::of);
    }

    /** Each forecaster's final calibration table, in table order. */
    public Map<String, List<CalibrationBin>> calibration() {
        Map<String, List<CalibrationBin>> bins = new LinkedHashMap<>();
        finals.forEach((name, score) -> bins.put(name, score.calibration()));
        return bins;
    }

    /** Each forecaster's Brier score over every job up to and including each day, in table order. */
    public Map<String, SortedMap<TradingDate, Double>> cumulativeBrier() {
        Map<String, SortedMap<TradingDate, Double>> series = new LinkedHashMap<>();
        byDay.forEach((name, days) -> {
            SortedMap<TradingDate, Double> brier = new TreeMap<>();
            days.forEach((day, score) -> brier.put(day, score.brier()));
            series.put(name, brier);
        });
        return series;
    }

    /** Each weights group's versions, oldest first; groups by name. */
    public Map<String, List<EnsembleWeights>> weights() {
        return weights;
    }

    /** The Brier score of the best single model: the lowest. */
    public OptionalDouble bestModelBrier() {
        return modelBriers().stream().mapToDouble(Double::doubleValue).min();
    }

    /** The median of the single models' Brier scores (the mean of the middle two for an even count). */
    public OptionalDouble medianModelBrier() {
        List<Double> briers = modelBriers();
        if (briers.isEmpty()) {
            return OptionalDouble.empty();
        }
        int mid = briers.size() / 2;
        return OptionalDouble.of(briers.size() % 2 == 1 ? briers.get(mid) : (briers.get(mid - 1) + briers.get(mid)) / 2);
    }

    private List<Double> modelBriers() {
        List<Double> briers = new ArrayList<>();
        rows().stream().filter(r -> !r.consensus()).forEach(r -> briers.add(r.brier()));
        briers.sort(Comparator.naturalOrder());
        return briers;
    }
}
