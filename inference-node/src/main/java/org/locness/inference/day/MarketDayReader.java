package org.locness.inference.day;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * symbol in the lake, one GET each into a scratch folder (two at a time, ahead of the reads), read with
 * the very query a job's own read uses (one scan of many files with their names was measured slower
 * than file by file). A file that cannot be read, or whose download fails, is left out: its job
 * reads it as it would without this, and reports it.
 */
final class MarketDayReader {
    private static final Logger LOG = LoggerFactory.getLogger(MarketDayReader.class);
    /** Downloads in flight: the lake's round trips overlap each other and the reads. */
    private static final int DOWNLOADS = 2;

    private final Lake lake;
    private final Path workDir;

    MarketDayReader(Lake lake, Path workDir) {
        this.lake = lake;
        this.workDir = workDir;
    }

    /** The statistics of each of the day's files, by key, with the version (ETag) they were read from. */
    Map<ObjectKey, MarketDays.Known> read(TradingDate date) throws IOException, SQLException, InterruptedException {
        long start = System.nanoTime();
        List<Symbol> symbols = symbols();
        long listed = System.nanoTime();
        Map<ObjectKey, MarketDays.Known> known = new HashMap<>();
        // One thread: the rows come in the order the file holds them, as a job's own read takes them.
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir, "market-day-" + date.value() + "-");
                Connection db = DuckDb.open(workDir, 1)) {
            ExecutorService downloads = Executors.newFixedThreadPool(DOWNLOADS, runnable -> {
                Thread thread = new Thread(runnable, "market-day-download");
                thread.setDaemon(true);
                return thread;
            });
            try {
                // The downloads run ahead of the reads, which take the files in order.
                List<Path> files = new ArrayList<>();
                List<CompletableFuture<Optional<ObjectInfo>>> fetched = new ArrayList<>();
                for (Symbol symbol : symbols) {
                    Path file = scratch.resolve(symbol.value() + ".parquet");
                    files.add(file);
                    fetched.add(CompletableFuture.supplyAsync(() -> download(LakeKeys.marketData(symbol, date), file),
                            downloads));
                }
                PromptInputsReader reader = new PromptInputsReader(db);
                for (int i = 0; i < symbols.size(); i++) {
                    Optional<ObjectInfo> info = fetched.get(i).join();
                    if (info.isPresent()) {
                        Path file = files.get(i);
                        statistics(reader, info.get(), file, symbols.get(i)).ifPresent(stats -> known.put(info.get().key(),
                                new MarketDays.Known(info.get().eTag(), stats)));
                        Files.delete(file);
                    }
                }
            } finally {
                downloads.shutdownNow();
                // No download may still write into the scratch folder while it is deleted.
                downloads.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
        LOG.info("market day {}: {} symbol folder(s) listed in {} ms, {} file(s) fetched and read in {} ms",
                date.value(), symbols.size(), (listed - start) / 1_000_000, known.size(),
                (System.nanoTime() - listed) / 1_000_000);
        return known;
    }

    /** The file's statistics; empty if it cannot be read (its job then reports it). */
    private static Optional<BarStatistics> statistics(PromptInputsReader reader, ObjectInfo info, Path file,
            Symbol symbol) {
        try {
            return Optional.of(reader.bars(List.of(file), symbol.value()));
        } catch (SQLException unreadable) {
            LOG.info("{} left to its job: {}", info.key(), DuckDb.firstLine(unreadable.getMessage()));
            return Optional.empty();
        }
    }

    /** The object into {@code file}; empty if there is none, or if its download fails (its job then tries). */
    private Optional<ObjectInfo> download(ObjectKey key, Path file) {
        try {
            return lake.downloadIfPresent(key, file);
        } catch (LakeException e) {
            LOG.info("{} left to its job: {}", key, e.getMessage());
            return Optional.empty();
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
}
