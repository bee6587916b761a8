package org.locness.inference.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.locness.events.lake.LakeTables;
import org.locness.inference.model.LabelDistribution;
import org.locness.inference.job.OutputFiles.ExistingOutput;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.staging.StagingDirectory;

class OutputFilesTest {
    private static final ModelName MODEL = ModelName.of("gemma-7b-tiny");
    private static final NodeName NODE = NodeName.of("vm1");
    static final JobReady JOB = new JobReady(JobId.of("BTC-2026-11-27-001"), Symbol.of("BTC"),
            TradingDate.of("2026-11-27"), List.of(ObjectKey.of("market-data/BTC/2026-11-27.parquet")), null, false, null,
            List.of(new ExpectedModel(MODEL, NODE, 1.5), new ExpectedModel(ModelName.of("qwen-7b-tiny"),
                    NodeName.of("vm2"), 1.4)), Instant.parse("2026-11-27T12:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void bothFilesHaveTheContractsColumnsAndOneRow() throws Exception {
        OutputFiles outputs = new OutputFiles(new StagingDirectory(dir.resolve("staging")));
        ModelResult result = result();
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            outputs.write(result);

            Path output = outputs.output(MODEL, JOB.jobId());
            assertEquals("output_gemma-7b-tiny_BTC-2026-11-27-001.parquet", output.getFileName().toString());
            assertEquals(List.of("job_id VARCHAR", "symbol VARCHAR", "date DATE", "model VARCHAR", "node VARCHAR",
                    "prediction VARCHAR", "p_up DOUBLE", "p_down DOUBLE", "p_flat DOUBLE", "prompt_tokens INTEGER",
                    "inference_ms BIGINT", "signature VARCHAR", "expected_models VARCHAR"), columns(db, output));
            assertEquals(List.of("BTC-2026-11-27-001|BTC|2026-11-27|gemma-7b-tiny|vm1|down|0.125|0.625|0.25|123|45|"
                    + "trend=up|vol=low|volume=normal|gap=none|[{\"model\":\"gemma-7b-tiny\",\"node\":\"vm1\",\"weight\":1.5},"
                    + "{\"model\":\"qwen-7b-tiny\",\"node\":\"vm2\",\"weight\":1.4}]"), rows(db, output));

            Path patterns = outputs.patterns(MODEL, JOB.jobId());
            assertEquals("patterns_new_gemma-7b-tiny_BTC-2026-11-27-001.parquet", patterns.getFileName().toString());
            assertEquals(List.of("signature VARCHAR", "symbol VARCHAR", "date DATE", "model VARCHAR", "prediction VARCHAR",
                    "confidence DOUBLE", "job_id VARCHAR"), columns(db, patterns));
            assertEquals(List.of("trend=up|vol=low|volume=normal|gap=none|BTC|2026-11-27|gemma-7b-tiny|down|0.625|"
                    + "BTC-2026-11-27-001"), rows(db, patterns));
            try (var files = Files.list(dir.resolve("staging"))) {
                assertEquals(2, files.count(), "no temporary file is left behind");
            }
        }
    }

    @Test
    void anEarlierOutputIsReadBackExactly() throws Exception {
        OutputFiles outputs = new OutputFiles(new StagingDirectory(dir.resolve("staging")));
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            assertEquals(Optional.empty(), outputs.existing(db, MODEL, JOB.jobId()));

            outputs.write(result());
            ExistingOutput existing = outputs.existing(db, MODEL, JOB.jobId()).orElseThrow();

            assertEquals(Map.of("up", 0.125, "down", 0.625, "flat", 0.25), existing.probabilities());
            assertEquals(123, existing.promptTokens());
            assertEquals(45, existing.inferenceMillis());
            assertEquals("trend=up|vol=low|volume=normal|gap=none", existing.signature());
            assertEquals(outputs.patterns(MODEL, JOB.jobId()), existing.patterns());
            assertFalse(existing.output().toString().contains(".tmp"));
        }
    }

    @Test
    void probabilitiesKeepTheirDigits() throws Exception {
        OutputFiles outputs = new OutputFiles(new StagingDirectory(dir.resolve("staging")));
        Map<String, Double> tiny = new LinkedHashMap<>();
        tiny.put("up", 1.0E-7);
        tiny.put("down", 0.24800207164919502);
        tiny.put("flat", 1 - 1.0E-7 - 0.24800207164919502);
        ModelResult result = new ModelResult(JOB, MODEL, NODE, tiny, "flat", "s", 1, 0);
        try (Connection db = DuckDb.open(dir.resolve("work"))) {
            outputs.write(result);

            assertEquals(tiny, outputs.existing(db, MODEL, JOB.jobId()).orElseThrow().probabilities());
        }
    }

    @Test
    void labelNamesLoseTheirLeadingSpace() {
        ModelResult result = result();

        assertEquals(List.of("up", "down", "flat"), List.copyOf(result.probabilities().keySet()));
        assertEquals("down", result.prediction());
        assertEquals(0.625, result.confidence());
        assertEquals(0.625, OutputFiles.outputRow(result).get(LakeTables.OUTPUT_ROW.names().indexOf("p_down")));
    }

    static ModelResult result() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put(" up", 0.125);
        p.put(" down", 0.625);
        p.put(" flat", 0.25);
        return ModelResult.of(JOB, MODEL, NODE, new LabelDistribution(p), "trend=up|vol=low|volume=normal|gap=none", 123, 45);
    }

    private static List<String> columns(Connection db, Path file) throws Exception {
        return query(db, "SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet("
                + DuckDb.literal(file) + "))");
    }

    private static List<String> rows(Connection db, Path file) throws Exception {
        return query(db, "SELECT * FROM read_parquet(" + DuckDb.literal(file) + ")");
    }

    /** Each row's columns joined with '|'. */
    private static List<String> query(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                out.add(String.join("|", values));
            }
            return out;
        }
    }
}
