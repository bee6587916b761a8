package org.locness.events.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.locness.events.Event;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.ModelStatus;
import org.locness.events.inference.Timings;
import org.locness.events.job.ExpectedModel;
import org.locness.events.topic.Topic;

/** One model's result for one job, now durable in the lake's staging area (or a staged failure). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultStaged(
        JobId jobId,
        Symbol symbol,
        TradingDate date,
        ModelName model,
        NodeName node,
        ModelStatus status,
        String reason,
        ObjectKey resultKey,
        ObjectKey patternsKey,
        Map<String, Double> probabilities,
        String signature,
        Timings timings,
        List<ExpectedModel> expectedModels) implements Event {

    public ResultStaged {
        Require.present("jobId", jobId);
        Require.present("symbol", symbol);
        Require.present("date", date);
        Require.present("model", model);
        Require.present("node", node);
        Require.present("status", status);
        Require.present("timings", timings);
        expectedModels = Require.nonEmpty("expectedModels", expectedModels);
        if (status == ModelStatus.SUCCEEDED) {
            Require.present("resultKey", resultKey);
            Require.present("patternsKey", patternsKey);
            probabilities = Require.distribution("probabilities", probabilities);
        } else {
            Require.text("reason", reason, 2048);
            if (probabilities != null) {
                throw new InvalidEventException("probabilities", "must be absent when status is FAILED");
            }
        }
    }

    public boolean succeeded() {
        return status == ModelStatus.SUCCEEDED;
    }

    @Override
    public String recordKey() {
        return jobId.value();
    }

    @Override
    public Topic topic() {
        return Topic.RESULTS_STAGED;
    }
}
