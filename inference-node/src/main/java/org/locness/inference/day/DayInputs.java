package org.locness.inference.day;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.locness.inference.cache.DailyCache;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.DailyContext;
import org.locness.inference.prompt.PromptInputsReader;
import org.locness.inference.prompt.UnifiedPatterns;

/**
 * The prompt inputs a node's models have in common, read once per node process and kept in memory: each
 * version of a day's context and unified patterns (a {@link DailyCache} version file never changes, so
 * its path is its identity), and the bar statistics of each job's input. A version's parse is dropped as
 * soon as the daily cache puts a newer version of the same file in place ({@link #superseded}); all of
 * it is bounded, least recently used first. Reads go through the caller's DuckDB connection, so the
 * models never share one.
 */
public final class DayInputs {
    /** Parsed versions kept per kind: a few days of context and patterns, as the daily cache keeps. */
    static final int VERSIONS = 8;
    /** Jobs whose bar statistics are kept: the models of a node work on the same few jobs at a time. */
    static final int INPUTS = 32;

    private final SharedMemo<Path, DailyContext> contexts;
    private final SharedMemo<Path, UnifiedPatterns> patterns;
    private final SharedMemo<BarsKey, BarStatistics> bars;

    private record BarsKey(Path input, String symbol) {
    }

    public DayInputs() {
        this(VERSIONS, INPUTS);
    }

    DayInputs(int versions, int inputs) {
        this.contexts = new SharedMemo<>(versions);
        this.patterns = new SharedMemo<>(versions);
        this.bars = new SharedMemo<>(inputs);
    }

    /** The parsed daily context of a cached version. */
    public DailyContext context(Connection db, Path version) throws SQLException, InterruptedException {
        return contexts.get(version, () -> new PromptInputsReader(db).dailyContext(version));
    }

    /** The parsed unified patterns of a cached version. */
    public UnifiedPatterns patterns(Connection db, Path version) throws SQLException, InterruptedException {
        return patterns.get(version, () -> new PromptInputsReader(db).unifiedPatterns(version));
    }

    /** The statistics of {@code symbol}'s bars in a job's local input. */
    public BarStatistics bars(Connection db, Path input, String symbol) throws SQLException, InterruptedException {
        return bars.get(new BarsKey(input, symbol), () -> new PromptInputsReader(db).bars(List.of(input), symbol));
    }

    /** The daily cache has put {@code newVersion} in place: the parses of its older versions go. */
    public void superseded(Path newVersion) {
        Optional<String> file = DailyCache.cachedFileOf(newVersion);
        if (file.isEmpty()) {
            return;
        }
        contexts.removeIf(version -> supersededBy(version, newVersion, file.get()));
        patterns.removeIf(version -> supersededBy(version, newVersion, file.get()));
    }

    private static boolean supersededBy(Path version, Path newVersion, String file) {
        return !version.equals(newVersion) && Objects.equals(DailyCache.cachedFileOf(version).orElse(null), file);
    }

    int parsedVersions() {
        return contexts.size() + patterns.size();
    }
}
