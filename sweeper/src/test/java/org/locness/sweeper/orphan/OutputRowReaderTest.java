package org.locness.sweeper.orphan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.Timings;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.Fixtures;
import org.locness.sweeper.upload.OutputPair;

class OutputRowReaderTest {
    private static final JobId JOB = JobId.of("BTC-2026-11-27-001");
    private static final NodeName VM1 = NodeName.of("vm1");

    @TempDir
    Path dir;
    private StagingDirectory staging;
    private OutputPair pair;
    private OutputRowReader reader;

    @BeforeEach
    void setUp() {
        staging = new StagingDirectory(dir.resolve("local"));
        pair = OutputPair.in(staging, JOB, Fixtures.GEMMA);
        reader = new OutputRowReader(dir.resolve("work"));
    }

    @Test
    void readsTheRowAndRebuildsTheNodesEvent() throws Exception {
        Fixtures.writePair(staging, dir.resolve("work"), JOB, Fixtures.GEMMA, VM1);

        OutputRow row = reader.read(pair.output());
        InferenceCompleted event = row.toCompleted(pair.output(), pair.patterns());

        assertEquals(InferenceCompleted.succeeded(JOB, Fixtures.BTC, Fixtures.DATE, Fixtures.GEMMA, VM1,
                pair.output().toString(), pair.patterns().toString(), Map.of("up", 0.625, "down", 0.25, "flat", 0.125),
                Fixtures.SIGNATURE, new Timings(412, 850, 850), Fixtures.expected(VM1)), event);
    }

    @Test
    void aFileWithoutExpectedModelsCannotBeAnnounced() throws Exception {
        Fixtures.writeOutput(staging, dir.resolve("work"), pair, VM1, null);

        assertThrows(SQLException.class, () -> reader.read(pair.output()));
    }

    @Test
    void expectedModelsMustBeTheEventsJsonArray() throws Exception {
        Fixtures.writeOutput(staging, dir.resolve("work"), pair, VM1, "gemma-7b,mistral-7b");

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> reader.read(pair.output()));

        assertEquals("expected_models", e.field());
    }

    @Test
    void anEmptyExpectedSetIsRejected() throws Exception {
        Fixtures.writeOutput(staging, dir.resolve("work"), pair, VM1, "[]");

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> reader.read(pair.output()));

        assertEquals("expected_models", e.field());
    }

    @Test
    void aFileThatIsNotParquetIsUnreadable() throws Exception {
        Files.writeString(pair.output(), "not parquet");

        assertThrows(SQLException.class, () -> reader.read(pair.output()));
    }

    @Test
    void exactlyOneRowIsExpected() throws Exception {
        write("SELECT * FROM (VALUES (1), (2)) t(job_id)");
        assertThrows(SQLException.class, () -> reader.read(pair.output()));

        String row = "SELECT 'BTC-2026-11-27-001' AS job_id, 'BTC' AS symbol, DATE '2026-11-27' AS date,"
                + " 'gemma-7b' AS model, 'vm1' AS node, 'up' AS prediction, 0.625 AS p_up, 0.25 AS p_down, 0.125 AS p_flat,"
                + " 412 AS prompt_tokens, 850 AS inference_ms, 's' AS signature,"
                + " '[{\"model\":\"gemma-7b\",\"node\":\"vm1\",\"weight\":1.0}]' AS expected_models";
        write(row + " UNION ALL " + row);
        InvalidEventException twoRows = assertThrows(InvalidEventException.class, () -> reader.read(pair.output()));
        assertTrue(twoRows.reason().contains("more than one row"), twoRows.reason());

        write(row + " LIMIT 0");
        InvalidEventException noRow = assertThrows(InvalidEventException.class, () -> reader.read(pair.output()));
        assertTrue(noRow.reason().contains("has no row"), noRow.reason());
    }

    @Test
    void probabilitiesMustFormADistribution() throws Exception {
        write("SELECT 'BTC-2026-11-27-001' AS job_id, 'BTC' AS symbol, DATE '2026-11-27' AS date,"
                + " 'gemma-7b' AS model, 'vm1' AS node, 'up' AS prediction, 0.9 AS p_up, NULL::DOUBLE AS p_down,"
                + " 0.1 AS p_flat, 412 AS prompt_tokens, 850 AS inference_ms, 's' AS signature,"
                + " '[{\"model\":\"gemma-7b\",\"node\":\"vm1\",\"weight\":1.0}]' AS expected_models");

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> reader.read(pair.output()));

        assertEquals("p_down", e.field());
    }

    private void write(String select) throws Exception {
        Files.deleteIfExists(pair.output());
        try (Connection db = DuckDb.open(dir.resolve("work")); Statement s = db.createStatement()) {
            s.execute("COPY (" + select + ") TO " + DuckDb.literal(pair.output()) + " (FORMAT PARQUET)");
        }
    }
}
