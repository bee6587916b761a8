package org.locness.lake.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.lake.LakeKeys;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeException;
import org.locness.lake.s3.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the lake with synthetic market data: {@code market-data/<SYMBOL>/<date>.parquet} for every
 * day of the plan and, for the newest day, {@code pre-swept/<SYMBOL>/<date>-bars.parquet} (the
 * arrival that triggers a job). Deterministic for a plan; objects already holding the same bytes
 * are not rewritten, so seeding twice publishes no second round of object events.
 */
public final class SyntheticMarketData {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticMarketData.class);
    /** Uploads wait on the S3 round trips, not the CPU: a few in flight hide most of that wait. */
    private static final int UPLOAD_THREADS = 4;
    /** Files written but not yet uploaded; bounds the scratch space. */
    private static final int MAX_PENDING_FILES = 32;

    private SyntheticMarketData() {
    }

    /** The pre-swept key of a symbol's newest seeded day. */
    public static ObjectKey preSweptKey(Symbol symbol, SeedPlan plan) {
        return LakeKeys.preSwept(symbol, plan.endDate().value() + "-bars.parquet");
    }

    /** Generates the plan's bars, writes them as Parquet under {@code workDir}, uploads them, and cleans up. */
    public static SeedReport seed(Lake lake, Path workDir, SeedPlan plan) {
        long started = System.nanoTime();
        Counts counts = new Counts();
        List<ObjectKey> preSwept = new ArrayList<>();
        Path scratch = workDir.resolve("seed");
        ExecutorService uploads = Executors.newFixedThreadPool(UPLOAD_THREADS, r -> {
            Thread t = new Thread(r, "seed-upload");
            t.setDaemon(true);
            return t;
        });
        Semaphore pending = new Semaphore(MAX_PENDING_FILES);
        List<Future<?>> done = new ArrayList<>();
        try (BarParquetWriter writer = new BarParquetWriter(workDir)) {
            for (Symbol symbol : plan.symbols()) {
                for (SymbolDay day : BarGenerator.generate(symbol, plan)) {
                    Path file = scratch.resolve(symbol.value()).resolve(day.date().value() + ".parquet");
                    pending.acquire();
                    writer.write(day.bars(), file);
                    counts.add(day);
                    List<ObjectKey> keys = new ArrayList<>(List.of(LakeKeys.marketData(symbol, day.date())));
                    if (day.date().equals(plan.endDate())) {
                        keys.add(preSweptKey(symbol, plan));
                        preSwept.add(preSweptKey(symbol, plan));
                    }
                    done.add(uploads.submit(() -> {
                        try {
                            for (ObjectKey key : keys) {
                                upload(lake, key, file, counts);
                            }
                            Files.delete(file);
                            return null;
                        } finally {
                            pending.release();
                        }
                    }));
                }
            }
            for (Future<?> upload : done) {
                upload.get();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not write the seed bars: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("seeding in " + workDir + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LakeException failure ? failure
                    : new IllegalStateException("uploading the seed failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            uploads.shutdownNow();
        }
        SeedReport report = new SeedReport(plan, counts.bars, counts.written.get(), counts.unchanged.get(),
                counts.bytes.get(), counts.gaps, counts.spikes, preSwept, Duration.ofNanos(System.nanoTime() - started));
        LOG.info("seeded {} symbols x {} days ({} .. {}, seed {}): {} bars, {} objects written, {} unchanged, {} bytes,"
                        + " {} opening gaps, {} volume spikes in {} ms ({} bars/s)",
                plan.symbols().size(), plan.days(), plan.startDate(), plan.endDate(), plan.seed(), report.bars(),
                report.objectsWritten(), report.objectsUnchanged(), report.bytes(), report.openingGaps(),
                report.volumeSpikes(), report.elapsed().toMillis(), Math.round(report.barsPerSecond()));
        return report;
    }

    private static void upload(Lake lake, ObjectKey key, Path file, Counts counts) throws IOException {
        long size = Files.size(file);
        Optional<ObjectInfo> existing = lake.stat(key);
        if (existing.isPresent() && holds(existing.get(), file, size)) {
            counts.unchanged.incrementAndGet();
            return;
        }
        lake.put(key, file);
        counts.written.incrementAndGet();
        counts.bytes.addAndGet(size);
    }

    private static boolean holds(ObjectInfo stored, Path file, long size) {
        return stored.size() == size && stored.hasMd5(Lake.md5Of(file));
    }

    /** Running totals of one seed run; the upload counts are bumped from the upload threads. */
    private static final class Counts {
        long bars;
        int gaps;
        int spikes;
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger unchanged = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();

        void add(SymbolDay day) {
            bars += day.bars().size();
            gaps += day.hasOpeningGap() ? 1 : 0;
            spikes += day.volumeSpikes();
        }
    }
}
