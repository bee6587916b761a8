package org.locness.cli.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;

/** The backtest's table as TSV (for tools) or aligned text (for people), and its benchmark lines. Pure. */
public final class ScoreTable {
    public static final String TSV_HEADER = "name\tbrier\tlogloss\thit_rate\tece\tjobs";

    private ScoreTable() {
    }

    /** The header line, then one line per row: {@code name<TAB>brier<TAB>logloss<TAB>hit_rate<TAB>ece<TAB>jobs}. */
    public static String tsv(List<ScoreRow> rows) {
        StringBuilder out = new StringBuilder(TSV_HEADER).append('\n');
        for (ScoreRow r : rows) {
            out.append(String.format(Locale.ROOT, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%d%n", r.name(), r.brier(), r.logLoss(),
                    r.hitRate(), r.ece(), r.jobs()));
        }
        return out.toString();
    }

    /** Aligned columns; a rule sets the two consensus rows apart from the models. */
    public static String table(List<ScoreRow> rows) {
        int width = Math.max("name".length(), rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String format = "%-" + width + "s  %7s  %7s  %8s  %6s  %5s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format, "name", "brier", "logloss", "hit rate",
                "ece", "jobs"));
        boolean ruled = false;
        for (ScoreRow r : rows) {
            if (r.consensus() && !ruled) {
                out.append("-".repeat(width + 43)).append('\n');
                ruled = true;
            }
            out.append(String.format(Locale.ROOT, format, r.name(), fixed(r.brier()), fixed(r.logLoss()),
                    String.format(Locale.ROOT, "%.1f%%", r.hitRate() * 100), fixed(r.ece()), r.jobs()));
        }
        return out.toString();
    }

    /**
     * The newest adaptive weights of each group, one row per group, one column per model (shares in
     * percent), so the table shows which model the ensemble learned to trust in which regime.
     */
    public static String weights(Map<String, List<EnsembleWeights>> versionsByGroup) {
        SortedSet<String> models = new TreeSet<>();
        versionsByGroup.values().forEach(v -> models.addAll(v.get(v.size() - 1).weights().keySet()));
        if (models.isEmpty()) {
            return "";
        }
        int groupWidth = Math.max("weights".length(), versionsByGroup.keySet().stream().mapToInt(String::length).max()
                .orElse(0));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%-" + groupWidth + "s  %7s  %5s", "weights",
                "version", "warm"));
        models.forEach(m -> out.append(String.format(Locale.ROOT, "  %" + Math.max(6, m.length()) + "s", m)));
        out.append('\n');
        new TreeMap<>(versionsByGroup).forEach((group, versions) -> {
            EnsembleWeights newest = versions.get(versions.size() - 1);
            out.append(String.format(Locale.ROOT, "%-" + groupWidth + "s  %7d  %5s", group, newest.version(),
                    newest.warm() ? "yes" : "no"));
            models.forEach(m -> out.append(String.format(Locale.ROOT, "  %" + Math.max(6, m.length()) + "s",
                    String.format(Locale.ROOT, "%.1f%%", newest.weights().getOrDefault(m, 0.0) * 100))));
            out.append('\n');
        });
        return out.toString();
    }

    /**
     * The goal's figures as {@code BENCH <name> <value> <unit>} lines: both consensus kinds' Brier
     * scores, the best and the median single model's, and the run's wall time. A figure the run did
     * not produce is left out rather than invented.
     */
    public static List<String> benchLines(BacktestResults results, double seconds) {
        List<String> lines = new ArrayList<>();
        results.row(ModelScore.CONSENSUS_ADAPTIVE).ifPresent(r -> lines.add(bench("backtest_adaptive_brier", r.brier())));
        results.row(ModelScore.CONSENSUS_STATIC).ifPresent(r -> lines.add(bench("backtest_static_brier", r.brier())));
        add(lines, "backtest_best_model_brier", results.bestModelBrier());
        add(lines, "backtest_median_model_brier", results.medianModelBrier());
        lines.add(String.format(Locale.ROOT, "BENCH backtest_seconds %.1f s", seconds));
        return lines;
    }

    private static void add(List<String> lines, String name, OptionalDouble value) {
        value.ifPresent(v -> lines.add(bench(name, v)));
    }

    private static String bench(String name, double brier) {
        return String.format(Locale.ROOT, "BENCH %s %.4f brier", name, brier);
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
