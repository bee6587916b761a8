package org.locness.events.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.locness.events.Event;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.ExpectedModel;
import org.locness.events.topic.Topic;

/**
 * One model finished one job on one node and left its outputs in that node's staging directory.
 * A failed run carries the reason and no outputs, so the pipeline never waits for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceCompleted(
        JobId jobId,
        Symbol symbol,
        TradingDate date,
        ModelName model,
        NodeName node,
        ModelStatus status,
        String reason,
        String outputPath,
        String patternsPath,
        Map<String, Double> probabilities,
        String signature,
        Timings timings,
        List<ExpectedModel> expectedModels) implements Event {

    public InferenceCompleted {
        Require.present("jobId", jobId);
        Require.present("symbol", symbol);
        Require.present("date", date);
        Require.present("model", model);
        Require.present("node", node);
        Require.present("status", status);
        Require.present("timings", timings);
        expectedModels = Require.nonEmpty("expectedModels", expectedModels);
        if (status == ModelStatus.SUCCEEDED) {
            Require.text("outputPath", outputPath, 4096);
            Require.text("patternsPath", patternsPath, 4096);
            probabilities = Require.distribution("probabilities", probabilities);
            Require.text("signature", signature, 512);
        } else {
            Require.text("reason", reason, 2048);
            if (probabilities != null) {
                throw new InvalidEventException("probabilities", "must be absent when status is FAILED");
            }
        }
    }

    /** A model's answer, its outputs left at {@code outputPath} and {@code patternsPath}. */
    public static InferenceCompleted succeeded(JobId jobId, Symbol symbol, TradingDate date, ModelName model,
            NodeName node, String outputPath, String patternsPath, Map<String, Double> probabilities, String signature,
            Timings timings, List<ExpectedModel> expectedModels) {
        return new InferenceCompleted(jobId, symbol, date, model, node, ModelStatus.SUCCEEDED, null, outputPath,
                patternsPath, probabilities, signature, timings, expectedModels);
    }

    /** A model could not answer, for {@code reason}; no outputs. */
    public static InferenceCompleted failed(JobId jobId, Symbol symbol, TradingDate date, ModelName model,
            NodeName node, String reason, Timings timings, List<ExpectedModel> expectedModels) {
        return new InferenceCompleted(jobId, symbol, date, model, node, ModelStatus.FAILED, reason,
                null, null, null, null, timings, expectedModels);
    }

    @Override
    public String recordKey() {
        return jobId.value();
    }

    @Override
    public Topic topic() {
        return Topic.INFERENCE_COMPLETED;
    }
}
