package org.locness.events.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.locness.events.Event;
import org.locness.events.Require;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.topic.Topic;

/**
 * A job whose input is in the lake: what the inference nodes need to run it. {@code contextKey} and
 * {@code patternsKey} may be absent on a first day; {@code contextStale} says the context is older
 * than the job's date.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReady(
        JobId jobId,
        Symbol symbol,
        TradingDate date,
        List<ObjectKey> inputKeys,
        ObjectKey contextKey,
        boolean contextStale,
        ObjectKey patternsKey,
        List<ExpectedModel> expectedModels,
        Instant requestedAt) implements Event {

    public JobReady {
        Require.present("jobId", jobId);
        Require.present("symbol", symbol);
        Require.present("date", date);
        inputKeys = Require.nonEmpty("inputKeys", inputKeys);
        expectedModels = Require.nonEmpty("expectedModels", expectedModels);
        Require.distinct("expectedModels", expectedModels.stream().map(ExpectedModel::model).toList());
        Require.present("requestedAt", requestedAt);
    }

    public List<ExpectedModel> modelsOn(NodeName node) {
        return expectedModels.stream().filter(m -> m.node().equals(node)).toList();
    }

    public boolean expects(ModelName model) {
        return expectedModels.stream().anyMatch(m -> m.model().equals(model));
    }

    @Override
    public String recordKey() {
        return jobId.value();
    }

    @Override
    public Topic topic() {
        return Topic.JOBS_READY;
    }
}
