package org.locness.events.outcome;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.locness.events.Event;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.topic.Topic;

/**
 * What the market did over a job's horizon, keyed by job id. A REALIZED outcome carries the
 * close-to-close return, its label ({@code up}, {@code down} or {@code flat}, the names the models'
 * labels have once stripped), the daily volatility and the flat threshold it was judged against;
 * the other statuses name the days that are missing and carry no label. Deterministic from the
 * lake's market data, so recomputing it gives the same record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutcomeRealized(
        JobId jobId,
        Symbol symbol,
        TradingDate date,
        TradingDate horizonEnd,
        OutcomeStatus status,
        Double closeAtDate,
        Double closeAtHorizon,
        Double realizedReturn,
        String label,
        Double volatility,
        Integer volatilityDays,
        Double flatThreshold,
        List<TradingDate> missingDays,
        Instant computedAt) implements Event {

    public static final List<String> LABELS = List.of("up", "down", "flat");

    public OutcomeRealized {
        Require.present("jobId", jobId);
        Require.present("symbol", symbol);
        Require.present("date", date);
        Require.present("horizonEnd", horizonEnd);
        Require.present("status", status);
        Require.present("computedAt", computedAt);
        missingDays = List.copyOf(missingDays == null ? List.of() : missingDays);
        if (!horizonEnd.isAfter(date)) {
            throw new InvalidEventException("horizonEnd", "must be after the job's date " + date);
        }
        if (status == OutcomeStatus.REALIZED) {
            positive("closeAtDate", closeAtDate);
            positive("closeAtHorizon", closeAtHorizon);
            finite("realizedReturn", realizedReturn);
            Require.finiteNonNegative("volatility", Require.present("volatility", volatility));
            Require.finiteNonNegative("flatThreshold", Require.present("flatThreshold", flatThreshold));
            if (Require.present("volatilityDays", volatilityDays) < 2) {
                throw new InvalidEventException("volatilityDays", "must be at least 2, was " + volatilityDays);
            }
            if (!LABELS.contains(Require.present("label", label))) {
                throw new InvalidEventException("label", "must be one of " + LABELS + ", was '" + label + "'");
            }
        } else {
            if (label != null || realizedReturn != null) {
                throw new InvalidEventException("label", "must be absent unless the status is REALIZED");
            }
            if (missingDays.isEmpty() && status == OutcomeStatus.MISSING_DATA) {
                throw new InvalidEventException("missingDays", "must name the missing days");
            }
        }
    }

    public boolean realized() {
        return status == OutcomeStatus.REALIZED;
    }

    private static void positive(String field, Double value) {
        if (Require.present(field, value) <= 0 || !Double.isFinite(value)) {
            throw new InvalidEventException(field, "must be a price > 0, was " + value);
        }
    }

    private static void finite(String field, Double value) {
        if (!Double.isFinite(Require.present(field, value))) {
            throw new InvalidEventException(field, "must be a finite number, was " + value);
        }
    }

    @Override
    public String recordKey() {
        return jobId.value();
    }

    @Override
    public Topic topic() {
        return Topic.OUTCOMES_REALIZED;
    }
}
