package org.locness.events.lake;

import java.util.Optional;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/** The lake's layout (bucket {@code lake}); every key is built here from validated identifiers. */
public final class LakeKeys {
    public static final String BUCKET = "lake";
    public static final String PRE_SWEPT = "pre-swept/";
    public static final String MARKET_DATA = "market-data/";
    public static final String DAILY_ARCHIVED = "daily-archived/";
    public static final String DAILY_PREPARED = "daily-prepared/";
    public static final String PATTERNS = "patterns/";
    public static final String STAGING_RESULTS = "staging/results/";
    public static final String STAGING_PATTERNS = "staging/patterns/";
    public static final String GOLD_PREDICTIONS = "gold/predictions/";
    public static final String GOLD_SCORES = "gold/scores/";
    public static final String MODELS = "models/";

    private LakeKeys() {
    }

    public static ObjectKey marketData(Symbol symbol, TradingDate date) {
        return ObjectKey.of(marketDataPrefix(symbol) + date.value() + ".parquet");
    }

    /** The date of {@code key} if it is one of {@code symbol}'s {@link #marketData} keys. */
    public static Optional<TradingDate> marketDataDate(Symbol symbol, ObjectKey key) {
        String prefix = marketDataPrefix(symbol);
        String name = key.value();
        if (!name.startsWith(prefix) || !name.endsWith(".parquet")) {
            return Optional.empty();
        }
        try {
            return Optional.of(TradingDate.of(name.substring(prefix.length(), name.length() - ".parquet".length())));
        } catch (InvalidEventException notADate) {
            return Optional.empty();
        }
    }

    public static String marketDataPrefix(Symbol symbol) {
        return MARKET_DATA + symbol.value() + "/";
    }

    public static String preSweptPrefix(Symbol symbol) {
        return PRE_SWEPT + symbol.value() + "/";
    }

    public static ObjectKey preSwept(Symbol symbol, String fileName) {
        return ObjectKey.of(preSweptPrefix(symbol) + fileName);
    }

    public static String dailyArchivedPrefix(TradingDate date, Symbol symbol) {
        return DAILY_ARCHIVED + date.value() + "/" + symbol.value() + "/";
    }

    /** Where a pre-swept object goes when its job is accepted: the same relative name, under the day. */
    public static ObjectKey dailyArchived(TradingDate date, Symbol symbol, ObjectKey preSwept) {
        String prefix = preSweptPrefix(symbol);
        if (!preSwept.value().startsWith(prefix)) {
            throw new IllegalArgumentException(preSwept + " is not under " + prefix);
        }
        return ObjectKey.of(dailyArchivedPrefix(date, symbol) + preSwept.value().substring(prefix.length()));
    }

    public static ObjectKey dailyPrepared(TradingDate date) {
        return ObjectKey.of(DAILY_PREPARED + date.value() + ".parquet");
    }

    public static ObjectKey unifiedPatterns(TradingDate date) {
        return ObjectKey.of(PATTERNS + date.value() + "/unified.parquet");
    }

    public static ObjectKey stagedResult(JobId jobId, ModelName model) {
        return ObjectKey.of(stagedResultsPrefix(jobId) + model.value() + ".parquet");
    }

    public static String stagedResultsPrefix(JobId jobId) {
        return STAGING_RESULTS + jobId.value() + "/";
    }

    public static ObjectKey stagedPatterns(JobId jobId, ModelName model) {
        return ObjectKey.of(stagedPatternsPrefix(jobId) + model.value() + ".parquet");
    }

    public static String stagedPatternsPrefix(JobId jobId) {
        return STAGING_PATTERNS + jobId.value() + "/";
    }

    public static ObjectKey goldPrediction(TradingDate date, Symbol symbol, JobId jobId) {
        return ObjectKey.of(GOLD_PREDICTIONS + "date=" + date.value() + "/symbol=" + symbol.value() + "/"
                + jobId.value() + ".parquet");
    }

    /**
     * A {@code scores.daily} record's gold file, named by its topic position so a replayed record
     * lands on the same key.
     */
    public static ObjectKey goldScore(TradingDate asOf, int partition, long offset) {
        return ObjectKey.of(GOLD_SCORES + "date=" + asOf.value() + "/part-" + partition + "-" + offset + ".parquet");
    }

    public static String modelPrefix(ModelName model) {
        return MODELS + model.value() + "/";
    }
}
