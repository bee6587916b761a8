package org.locness.sweeper.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.inference.InferenceCompleted;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.Fixtures;

class OutputPairTest {
    private static final JobId JOB = JobId.of("BTC-2026-11-27-001");
    private static final NodeName VM1 = NodeName.of("vm1");

    @TempDir
    Path dir;

    @Test
    void namesTheModelsFilesAndTheirStagingKeys() {
        StagingDirectory staging = new StagingDirectory(dir);

        OutputPair pair = OutputPair.in(staging, JOB, Fixtures.GEMMA);

        assertEquals(staging.root().resolve("output_gemma-7b_BTC-2026-11-27-001.parquet"), pair.output());
        assertEquals(staging.root().resolve("patterns_new_gemma-7b_BTC-2026-11-27-001.parquet"), pair.patterns());
        assertEquals(ObjectKey.of("staging/results/BTC-2026-11-27-001/gemma-7b.parquet"), pair.resultKey());
        assertEquals(ObjectKey.of("staging/patterns/BTC-2026-11-27-001/gemma-7b.parquet"), pair.patternsKey());
    }

    @Test
    void acceptsTheEventsOwnFiles() {
        StagingDirectory staging = new StagingDirectory(dir);
        OutputPair expected = OutputPair.in(staging, JOB, Fixtures.GEMMA);

        assertEquals(expected, OutputPair.named(staging, Fixtures.succeeded(expected, VM1)));
    }

    @Test
    void rejectsAPathOutsideTheStagingDirectory() {
        StagingDirectory staging = new StagingDirectory(dir.resolve("local"));
        InferenceCompleted event = withPaths(staging, dir.resolve("output_gemma-7b_BTC-2026-11-27-001.parquet"),
                staging.root().resolve("patterns_new_gemma-7b_BTC-2026-11-27-001.parquet"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> OutputPair.named(staging, event));

        assertEquals("outputPath", e.field());
        assertTrue(e.reason().contains("outside the staging directory"), e.reason());
    }

    @Test
    void rejectsATraversalBackOutOfTheStagingDirectory() {
        StagingDirectory staging = new StagingDirectory(dir.resolve("local"));
        InferenceCompleted event = withPaths(staging, staging.root().resolve("output_gemma-7b_BTC-2026-11-27-001.parquet"),
                staging.root().resolve("../patterns_new_gemma-7b_BTC-2026-11-27-001.parquet"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> OutputPair.named(staging, event));

        assertEquals("patternsPath", e.field());
    }

    @Test
    void rejectsAnotherFileInsideTheStagingDirectory() {
        StagingDirectory staging = new StagingDirectory(dir);
        InferenceCompleted event = withPaths(staging, staging.root().resolve("daily_context_2026-11-26.parquet"),
                staging.root().resolve("patterns_new_gemma-7b_BTC-2026-11-27-001.parquet"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> OutputPair.named(staging, event));

        assertEquals("outputPath", e.field());
        assertTrue(e.reason().contains("expected output_gemma-7b_BTC-2026-11-27-001.parquet"), e.reason());
    }

    @Test
    void rejectsTheFilesOfAnotherModel() {
        StagingDirectory staging = new StagingDirectory(dir);
        InferenceCompleted event = withPaths(staging, staging.root().resolve("output_gemma-7b_BTC-2026-11-27-001.parquet"),
                staging.root().resolve("patterns_new_mistral-7b_BTC-2026-11-27-001.parquet"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> OutputPair.named(staging, event));

        assertEquals("patternsPath", e.field());
    }

    private static InferenceCompleted withPaths(StagingDirectory staging, Path output, Path patterns) {
        return Fixtures.succeeded(new OutputPair(JOB, Fixtures.GEMMA, output, patterns), VM1);
    }
}
