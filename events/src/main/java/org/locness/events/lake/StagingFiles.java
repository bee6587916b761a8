package org.locness.events.lake;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * File names in a node's local staging directory ({@code /data/local}). Built only from validated
 * identifiers, and parsed back so the orphan sweep recognises Locness outputs and nothing else.
 */
public final class StagingFiles {
    private static final Pattern OUTPUT = Pattern.compile("^output_([a-z0-9.-]+)_([A-Za-z0-9._-]+)\\.parquet$");
    private static final Pattern PATTERNS_NEW = Pattern.compile("^patterns_new_([a-z0-9.-]+)_([A-Za-z0-9._-]+)\\.parquet$");

    private StagingFiles() {
    }

    public static String dailyContext(TradingDate date) {
        return "daily_context_" + date.value() + ".parquet";
    }

    public static String patterns(TradingDate date) {
        return "patterns_" + date.value() + ".parquet";
    }

    public static String input(JobId jobId, Symbol symbol) {
        return "input_" + jobId.value() + "_" + symbol.value() + ".parquet";
    }

    public static String output(ModelName model, JobId jobId) {
        return "output_" + model.value() + "_" + jobId.value() + ".parquet";
    }

    public static String patternsNew(ModelName model, JobId jobId) {
        return "patterns_new_" + model.value() + "_" + jobId.value() + ".parquet";
    }

    /** A model's output pair as recognised from a file name; model names hold no '_', so the split is exact. */
    public record OutputName(ModelName model, JobId jobId, boolean patterns) {
    }

    public static Optional<OutputName> parseOutput(String fileName) {
        for (boolean patterns : new boolean[] {false, true}) {
            Matcher m = (patterns ? PATTERNS_NEW : OUTPUT).matcher(fileName);
            if (m.matches()) {
                try {
                    return Optional.of(new OutputName(ModelName.of(m.group(1)), JobId.of(m.group(2)), patterns));
                } catch (InvalidEventException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Temporary name for an atomic write: unique per writer, never matched by the readers' names. */
    public static String temporary(String finalName, String writerId) {
        return "." + finalName + "." + writerId + ".tmp";
    }
}
