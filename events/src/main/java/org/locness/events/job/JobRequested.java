package org.locness.events.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.locness.events.Event;
import org.locness.events.Require;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.topic.Topic;

/**
 * A request for one prediction, as a person types it into kcat: only {@code symbol} is required.
 * {@code date} defaults to today, {@code jobId} to a derived id, {@code models} to the whole ensemble.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequested(Symbol symbol, TradingDate date, JobId jobId, List<ModelName> models) implements Event {
    public JobRequested {
        Require.present("symbol", symbol);
        if (models != null) {
            models = Require.nonEmpty("models", models);
            Require.distinct("models", models);
        }
    }

    public static JobRequested forSymbol(Symbol symbol) {
        return new JobRequested(symbol, null, null, null);
    }

    @Override
    public String recordKey() {
        return symbol.value();
    }

    @Override
    public Topic topic() {
        return Topic.JOBS_REQUESTED;
    }
}
