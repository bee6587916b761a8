package org.locness.inference.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.ExpectedModel;
import org.locness.events.job.JobReady;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.inference.cache.CacheMetrics;
import org.locness.inference.node.LakeFiles;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;
import org.locness.testing.EmbeddedStackTest;

/** Inputs kept in memory between jobs of the same object, checked against the lake, and bounded. */
@EmbeddedStackTest
class JobInputsIT {
    private static final TradingDate DATE = TradingDate.of("2026-11-20");

    @TempDir
    Path dir;
    private Lake lake;
    private StagingDirectory staging;

    @BeforeEach
    void connect(EmbeddedStack stack) {
        lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        staging = new StagingDirectory(dir.resolve("staging"));
    }

    @Test
    void aLaterJobOfTheSameObjectIsWrittenAheadFromKeptBytesAndPublishedOnceCurrent() throws Exception {
        Symbol symbol = Symbol.of("KEEPA");
        ObjectKey key = LakeKeys.marketData(symbol, DATE);
        byte[] bytes = put(key, symbol, 120, 0.01);
        JobInputs inputs = inputs(Long.MAX_VALUE);

        try (JobInput first = inputs.local(job("KEEPA-1", symbol, key));
                JobInput second = inputs.local(job("KEEPA-2", symbol, key))) {
            assertFalse(first.reused());
            assertTrue(second.reused());
            assertEquals(first.digest(), second.digest());
            assertArrayEquals(bytes, Files.readAllBytes(second.file()));
            Path published = staging.resolve(StagingFiles.input(JobId.of("KEEPA-2"), symbol));
            assertFalse(Files.exists(published), "not under the job's name before the lake says it is current");

            assertTrue(second.current());
            second.publish();

            assertArrayEquals(bytes, Files.readAllBytes(published));
            assertFalse(Files.exists(second.file()), "the temporary went");
        }
        assertEquals(bytes.length, inputs.keptBytes());
    }

    @Test
    void keptBytesOfAnObjectThatChangedAreNotCurrentAndAreForgotten() throws Exception {
        Symbol symbol = Symbol.of("KEEPB");
        ObjectKey key = LakeKeys.marketData(symbol, DATE);
        put(key, symbol, 120, 0.01);
        JobInputs inputs = inputs(Long.MAX_VALUE);
        inputs.local(job("KEEPB-1", symbol, key)).close();
        byte[] changed = put(key, symbol, 90, -0.01);

        JobReady job = job("KEEPB-2", symbol, key);
        try (JobInput stale = inputs.local(job)) {
            assertFalse(stale.current());
        }
        assertFalse(Files.exists(staging.resolve(StagingFiles.input(job.jobId(), symbol))), "a stale input is never published");
        assertEquals(0, inputs.keptBytes());
        try (JobInput fresh = inputs.downloaded(job)) {
            assertFalse(fresh.reused());
            assertArrayEquals(changed, Files.readAllBytes(fresh.file()));
        }
    }

    @Test
    void anInputInPlaceThatCannotBeReadIsReplacedByAFreshDownload() throws Exception {
        Symbol symbol = Symbol.of("KEEPC");
        ObjectKey key = LakeKeys.marketData(symbol, DATE);
        byte[] bytes = put(key, symbol, 60, 0.01);
        JobReady job = job("KEEPC-1", symbol, key);
        Path inPlace = staging.resolve(StagingFiles.input(job.jobId(), symbol));
        Files.write(inPlace, Arrays.copyOf(bytes, bytes.length / 2));
        JobInputs inputs = inputs(Long.MAX_VALUE);

        JobInput cut = inputs.local(job);
        assertTrue(cut.reused());
        try (JobInput again = inputs.again(job, cut)) {
            assertFalse(again.reused());
            assertArrayEquals(bytes, Files.readAllBytes(inPlace));
        }
    }

    @Test
    void keptBytesStayWithinTheirBoundLeastRecentlyUsedGoingFirst() throws Exception {
        Symbol first = Symbol.of("KEEPD");
        Symbol second = Symbol.of("KEEPE");
        byte[] firstBytes = put(LakeKeys.marketData(first, DATE), first, 100, 0.01);
        byte[] secondBytes = put(LakeKeys.marketData(second, DATE), second, 100, 0.01);
        JobInputs inputs = inputs(Math.max(firstBytes.length, secondBytes.length) + 1);

        inputs.local(job("KEEPD-1", first, LakeKeys.marketData(first, DATE))).close();
        inputs.local(job("KEEPE-1", second, LakeKeys.marketData(second, DATE))).close();

        assertEquals(secondBytes.length, inputs.keptBytes());
        try (JobInput again = inputs.local(job("KEEPD-2", first, LakeKeys.marketData(first, DATE)))) {
            assertFalse(again.reused(), "the first object's bytes went to make room");
        }
    }

    private JobInputs inputs(long keptBytes) {
        return new JobInputs(staging, lake, dir.resolve("work"),
                new CacheMetrics(new SimpleMeterRegistry(), NodeName.of("it-inputs")), keptBytes);
    }

    private byte[] put(ObjectKey key, Symbol symbol, int minutes, double drift) throws Exception {
        Path file = LakeFiles.bars(dir.resolve(symbol + "-" + minutes + ".parquet"), dir.resolve("work"), symbol, DATE,
                0, minutes, drift);
        lake.put(key, file);
        return Files.readAllBytes(file);
    }

    private static JobReady job(String id, Symbol symbol, ObjectKey input) {
        return new JobReady(JobId.of(id), symbol, DATE, List.of(input), null, false, null,
                List.of(new ExpectedModel(ModelName.of("m"), NodeName.of("it-inputs"), 1.0)), Instant.now());
    }
}
