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
import org.locness.lake.staging.StagingDirectory.CacheResult;
import org.locness.testing.EmbeddedStackTest;

/** A job's input made local: an unreadable copy in place is replaced by a fresh download. */
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
    void aFirstRequestDownloadsAndALaterOneFindsTheInputInPlace() throws Exception {
        Symbol symbol = Symbol.of("INA");
        ObjectKey key = LakeKeys.marketData(symbol, DATE);
        byte[] bytes = put(key, symbol, 120, 0.01);
        JobInputs inputs = inputs();
        JobReady job = job("INA-1", symbol, key);

        CacheResult first = inputs.local(job);
        CacheResult second = inputs.local(job);

        assertFalse(first.hit());
        assertTrue(second.hit());
        assertEquals(staging.resolve(StagingFiles.input(job.jobId(), symbol)), first.path());
        assertArrayEquals(bytes, Files.readAllBytes(second.path()));
    }

    @Test
    void anInputInPlaceThatCannotBeReadIsReplacedByAFreshDownload() throws Exception {
        Symbol symbol = Symbol.of("INB");
        ObjectKey key = LakeKeys.marketData(symbol, DATE);
        byte[] bytes = put(key, symbol, 60, 0.01);
        JobReady job = job("INB-1", symbol, key);
        Path inPlace = staging.resolve(StagingFiles.input(job.jobId(), symbol));
        Files.write(inPlace, Arrays.copyOf(bytes, bytes.length / 2));
        JobInputs inputs = inputs();

        assertTrue(inputs.local(job).hit(), "the cut copy is served as it is");
        CacheResult again = inputs.again(job);

        assertFalse(again.hit());
        assertEquals(inPlace, again.path());
        assertArrayEquals(bytes, Files.readAllBytes(inPlace));
    }

    private JobInputs inputs() {
        return new JobInputs(staging, lake, dir.resolve("work"),
                new CacheMetrics(new SimpleMeterRegistry(), NodeName.of("it-inputs")));
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
