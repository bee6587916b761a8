package org.locness.aggregator.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locness.events.consensus.ConsensusBasis;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.job.ExpectedModel;
import org.locness.events.weights.AdaptiveWeightsSpec;
import org.locness.events.weights.EnsembleWeights;

class WeightsLearnerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final ModelName A = ModelName.of("a");
    private static final ModelName B = ModelName.of("b");
    private static final ModelName C = ModelName.of("c");
    private static final List<ExpectedModel> EXPECTED = List.of(new ExpectedModel(A, NodeName.of("vm1"), 2),
            new ExpectedModel(B, NodeName.of("vm1"), 1), new ExpectedModel(C, NodeName.of("vm2"), 1));

    @Test
    void theFirstUpdateStartsFromTheFileWeightsAndTheGroupTurnsWarmAfterWarmUp() {
        // given: file weights 2/1/1, learning rate 1, no floor, warm after 2 outcomes
        WeightsLearner learner = new WeightsLearner(Map.of("a", 2.0, "b", 1.0, "c", 1.0),
                new AdaptiveWeightsSpec(1.0, 0.0, 2, "vol"));

        // when: two jobs, a and b voting with losses ln 2 and ln 4
        EnsembleWeights first = learner.next("vol=high", null, Map.of("a", Math.log(2), "b", Math.log(4)), "j1", NOW)
                .orElseThrow();
        EnsembleWeights second = learner.next("vol=high", first, Map.of("a", 0.0, "b", 0.0), "j2", NOW).orElseThrow();

        // then: shares 0.5/0.25/0.25 → a 0.25, b 0.0625 of their 0.75: a 0.6, b 0.15; c keeps 0.25
        assertEquals(1, first.version());
        assertFalse(first.warm());
        assertEquals(0.6, first.weights().get("a"), 1e-12);
        assertEquals(0.15, first.weights().get("b"), 1e-12);
        assertEquals(0.25, first.weights().get("c"), 1e-12);
        assertEquals(2, second.version());
        assertEquals(2, second.outcomes());
        assertTrue(second.warm());
        assertEquals("j2", second.lastJobId());
    }

    @Test
    void withoutFileWeightsOrAnEarlierRecordThereIsNothingToLearn() {
        WeightsLearner learner = new WeightsLearner(Map.of(), AdaptiveWeightsSpec.DEFAULT);
        assertTrue(learner.next("all", null, Map.of("a", 1.0), "j1", NOW).isEmpty());
    }

    @Test
    void aWarmRecordGivesTheVotersItsSharesAndAnUnknownVoterItsFileShare() {
        // given: a warm record that does not name c
        EnsembleWeights record = new EnsembleWeights("vol=high", 7, true, 12, Map.of("a", 0.2, "b", 0.8), "j", NOW);

        // when: a and c voted
        ConsensusWeights chosen = ConsensusWeights.choose(EXPECTED, List.of(A, C), record);

        // then: a its share, c its file share 1/4
        assertEquals(7, chosen.version());
        assertEquals(Map.of(A, 0.2, C, 0.25), chosen.weights());
    }

    @Test
    void aColdOrMissingRecordMeansTheFileWeightsAtVersionZero() {
        EnsembleWeights cold = new EnsembleWeights("vol=high", 3, false, 3, Map.of("a", 0.2, "b", 0.8), "j", NOW);
        ConsensusWeights chosen = ConsensusWeights.choose(EXPECTED, List.of(A, B), cold);
        assertEquals(ConsensusBasis.FILE_WEIGHTS, chosen.version());
        assertEquals(Map.of(A, 2.0, B, 1.0), chosen.weights());
        assertEquals(chosen, ConsensusWeights.choose(EXPECTED, List.of(A, B), null));
    }
}
