package org.locness.aggregator.scores;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.outcome.OutcomeRealized;

/** One record on its way to the scorer: a job's consensus or its realized outcome (exactly one is set). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoringInput(ConsensusPrediction consensus, OutcomeRealized outcome) {
    public ScoringInput {
        if ((consensus == null) == (outcome == null)) {
            throw new IllegalArgumentException("exactly one of consensus and outcome must be set");
        }
    }

    @JsonIgnore
    public String jobId() {
        return consensus != null ? consensus.jobId().value() : outcome.jobId().value();
    }
}
