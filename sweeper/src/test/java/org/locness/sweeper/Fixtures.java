package org.locness.sweeper;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.Timings;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventJson;
import org.locness.events.lake.LakeTables;
import org.locness.events.lake.ParquetTable;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.upload.OutputPair;

/** Events and staging files as an inference node produces them. */
public final class Fixtures {
    public static final Symbol BTC = Symbol.of("BTC");
    public static final TradingDate DATE = TradingDate.of("2026-11-27");
    public static final ModelName GEMMA = ModelName.of("gemma-7b");
    public static final ModelName MISTRAL = ModelName.of("mistral-7b");
    public static final Map<String, Double> PROBABILITIES = Map.of("up", 0.625, "down", 0.25, "flat", 0.125);
    public static final String SIGNATURE = "trend=up|vol=high|volume=spike|gap=none";
    public static final Timings TIMINGS = new Timings(412, 850, 1210);

    private Fixtures() {
    }

    public static List<ExpectedModel> expected(NodeName node) {
        return List.of(new ExpectedModel(GEMMA, node, 1.5), new ExpectedModel(MISTRAL, node, 1.0));
    }

    public static InferenceCompleted succeeded(OutputPair pair, NodeName node) {
        return InferenceCompleted.succeeded(pair.jobId(), BTC, DATE, pair.model(), node,
                pair.output().toString(), pair.patterns().toString(), PROBABILITIES, SIGNATURE, TIMINGS, expected(node));
    }

    public static InferenceCompleted failed(JobId job, ModelName model, NodeName node, String reason) {
        return InferenceCompleted.failed(job, BTC, DATE, model, node, reason, TIMINGS, expected(node));
    }

    /** Writes both files of a model's result, each through a temporary name, as the node does. */
    public static OutputPair writePair(StagingDirectory staging, Path workDir, JobId job, ModelName model,
            NodeName node) throws Exception {
        OutputPair pair = OutputPair.in(staging, job, model);
        writeOutput(staging, workDir, pair, node, EventJson.write(expected(node)));
        writePatterns(staging, workDir, pair);
        return pair;
    }

    /** The output row; {@code expectedModelsJson == null} leaves the expected_models column out. */
    public static void writeOutput(StagingDirectory staging, Path workDir, OutputPair pair, NodeName node,
            String expectedModelsJson) throws Exception {
        List<Object> row = new ArrayList<>(List.of(pair.jobId().value(), BTC.value(), DATE.value(),
                pair.model().value(), node.value(), "up", 0.625, 0.25, 0.125, 412, 850, SIGNATURE));
        ParquetTable table = LakeTables.OUTPUT_ROW;
        if (expectedModelsJson == null) {
            table = table.without("expected_models");
        } else {
            row.add(expectedModelsJson);
        }
        String select = table.selectRow(row);
        staging.writeAtomically(pair.output().getFileName().toString(), temp -> copy(workDir, select, temp));
    }

    public static void writePatterns(StagingDirectory staging, Path workDir, OutputPair pair) throws Exception {
        String select = LakeTables.PATTERN_ROW.selectRow(List.of(SIGNATURE, BTC.value(), DATE.value(),
                pair.model().value(), "up", 0.625, pair.jobId().value()));
        staging.writeAtomically(pair.patterns().getFileName().toString(), temp -> copy(workDir, select, temp));
    }

    private static void copy(Path workDir, String select, Path target) throws Exception {
        try (Connection db = DuckDb.open(workDir); Statement s = db.createStatement()) {
            s.execute("COPY (" + select + ") TO " + DuckDb.literal(target) + " (FORMAT PARQUET)");
        }
    }
}
