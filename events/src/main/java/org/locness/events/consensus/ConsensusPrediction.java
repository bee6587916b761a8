package org.locness.events.consensus;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.locness.events.Event;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.topic.Topic;

/**
 * The ensemble's weighted answer for one job, keyed by symbol for downstream consumers. A FAILED
 * record carries the reason and no prediction. {@code basis} (absent on FAILED records and on records
 * of versions before adaptive weights) holds the votes and weights the prediction was computed from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsensusPrediction(
        JobId jobId,
        Symbol symbol,
        TradingDate date,
        ConsensusStatus status,
        boolean partial,
        String prediction,
        Map<String, Double> probabilities,
        Double confidence,
        Double agreement,
        Double entropy,
        List<ModelName> modelsUsed,
        List<ModelName> modelsMissing,
        List<ModelName> modelsFailed,
        String reason,
        Instant publishedAt,
        ConsensusBasis basis) implements Event {

    public ConsensusPrediction {
        Require.present("jobId", jobId);
        Require.present("symbol", symbol);
        Require.present("date", date);
        Require.present("status", status);
        modelsUsed = List.copyOf(Require.present("modelsUsed", modelsUsed));
        modelsMissing = List.copyOf(Require.present("modelsMissing", modelsMissing));
        modelsFailed = List.copyOf(Require.present("modelsFailed", modelsFailed));
        Require.present("publishedAt", publishedAt);
        if (partial != (status == ConsensusStatus.PARTIAL)) {
            throw new InvalidEventException("partial", "must be true exactly when status is PARTIAL");
        }
        if (status == ConsensusStatus.FAILED) {
            Require.text("reason", reason, 2048);
        } else {
            Require.text("prediction", prediction, 64);
            probabilities = Require.distribution("probabilities", probabilities);
            Require.finiteNonNegative("confidence", Require.present("confidence", confidence));
            Require.finiteNonNegative("agreement", Require.present("agreement", agreement));
            Require.finiteNonNegative("entropy", Require.present("entropy", entropy));
            if (!probabilities.containsKey(prediction)) {
                throw new InvalidEventException("prediction", "'" + prediction + "' is not one of the labels");
            }
        }
    }

    @Override
    public String recordKey() {
        return symbol.value();
    }

    @Override
    public Topic topic() {
        return Topic.PREDICTIONS_CONSENSUS;
    }
}
