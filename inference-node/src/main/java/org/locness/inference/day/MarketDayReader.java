package org.locness.inference.day;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.lake.LakeKeys;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.PromptInputsReader;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeException;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.staging.ScratchDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one trading day of market data whole: {@code market-data/<symbol>/<date>.parquet} of every
 * symbol in the lake, one GET each into a scratch folder, then one DuckDB scan of them all. A file
 * that scan cannot read sends it file by file, and a file that cannot be read alone, or whose
 * download fails, is left out: its job reads it as it would without this, and reports it.
 */
final class MarketDayReader {
    private static final Logger LOG = LoggerFactory.getLogger(MarketDayReader.class);

    private final Lake lake;
    private final Path workDir;

    MarketDayReader(Lake lake, Path workDir) {
        this.lake = lake;
        this.workDir = workDir;
    }

    /** The statistics of each of the day's files, by key, with the version (ETag) they were read from. */
    Map<ObjectKey, MarketDays.Known> read(TradingDate date) throws IOException, SQLException {
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir, "market-day-" + date.value() + "-")) {
            Map<Path, ObjectInfo> downloaded = new LinkedHashMap<>();
            Map<Path, String> symbols = new LinkedHashMap<>();
            for (Symbol symbol : symbols()) {
                ObjectKey key = LakeKeys.marketData(symbol, date);
                Path file = scratch.resolve(downloaded.size() + ".parquet");
                try {
                    Optional<ObjectInfo> info = lake.downloadIfPresent(key, file);
                    if (info.isPresent()) {
                        downloaded.put(file, info.get());
                        symbols.put(file, symbol.value());
                    }
                } catch (LakeException e) {
                    LOG.info("market day {}: {} left to its job: {}", date.value(), key, e.getMessage());
                }
            }
            Map<Path, BarStatistics> statistics = statistics(symbols);
            Map<ObjectKey, MarketDays.Known> known = new HashMap<>();
            statistics.forEach((file, stats) -> {
                ObjectInfo info = downloaded.get(file);
                known.put(info.key(), new MarketDays.Known(info.eTag(), stats));
            });
            return known;
        }
    }

    /** Every symbol with a folder under {@code market-data/}; a folder no symbol could name is passed over. */
    private List<Symbol> symbols() {
        List<Symbol> symbols = new ArrayList<>();
        for (String directory : lake.directories(LakeKeys.MARKET_DATA)) {
            String name = directory.substring(LakeKeys.MARKET_DATA.length(), directory.length() - 1);
            try {
                symbols.add(Symbol.of(name));
            } catch (InvalidEventException e) {
                LOG.debug("market-data/{}/ is no symbol's folder: {}", name, e.reason());
            }
        }
        return symbols;
    }

    private Map<Path, BarStatistics> statistics(Map<Path, String> symbols) throws SQLException {
        if (symbols.isEmpty()) {
            return Map.of();
        }
        // One thread: each file's rows come in the order the file holds them, as a job's own read has them.
        try (Connection db = DuckDb.open(workDir, 1)) {
            PromptInputsReader reader = new PromptInputsReader(db);
            try {
                return reader.bars(symbols);
            } catch (SQLException oneUnreadable) {
                Map<Path, BarStatistics> statistics = new LinkedHashMap<>();
                for (Map.Entry<Path, String> file : symbols.entrySet()) {
                    try {
                        statistics.put(file.getKey(), reader.bars(List.of(file.getKey()), file.getValue()));
                    } catch (SQLException unreadable) {
                        LOG.info("market data of {} left to its job: {}", file.getValue(),
                                DuckDb.firstLine(unreadable.getMessage()));
                    }
                }
                return statistics;
            }
        }
    }
}
