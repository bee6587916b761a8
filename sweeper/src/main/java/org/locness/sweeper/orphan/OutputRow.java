package org.locness.sweeper.orphan;

import java.nio.file.Path;
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

/**
 * The one row of a model's output file: everything the node would have put in its
 * {@code inference.completed} event, so an orphan can be announced as if that event had arrived.
 */
public record OutputRow(JobId jobId, Symbol symbol, TradingDate date, ModelName model, NodeName node,
        Map<String, Double> probabilities, int promptTokens, long inferenceMillis, String signature,
        List<ExpectedModel> expectedModels) {

    /**
     * The event the node would have sent for this pair. The file does not record the node's total time
     * for the job, so the inference time stands in for it (the least it can have been).
     */
    public InferenceCompleted toCompleted(Path output, Path patterns) {
        return InferenceCompleted.succeeded(jobId, symbol, date, model, node, output.toString(), patterns.toString(), probabilities, signature,
                new Timings(promptTokens, inferenceMillis, inferenceMillis), expectedModels);
    }
}
