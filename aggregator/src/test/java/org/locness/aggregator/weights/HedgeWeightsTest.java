package org.locness.aggregator.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HedgeWeightsTest {
    private static final Map<String, Double> SHARES = Map.of("a", 0.5, "b", 0.3, "c", 0.2);

    @Test
    void votersAreReweightedAmongThemselvesAndAnAbsentModelKeepsItsShareExactly() {
        // given: a and b voted (losses ln 2 and ln 4), c did not
        Map<String, Double> losses = Map.of("a", Math.log(2), "b", Math.log(4));

        // when: one step at learning rate 1, no floor
        Map<String, Double> next = HedgeWeights.update(SHARES, losses, 1.0, 0.0);

        // then: a 0.5/2 = 0.25, b 0.3/4 = 0.075, renormalised to their 0.8: 8/13 and 2.4/13; c exactly 0.2
        assertEquals(8.0 / 13, next.get("a"), 1e-12);
        assertEquals(2.4 / 13, next.get("b"), 1e-12);
        assertEquals(0.2, next.get("c"));
        assertEquals(1.0, next.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    @Test
    void theFloorIsPaidForByTheOtherVoters() {
        // given: b's loss is so large that its share would fall to about 2e-5
        Map<String, Double> losses = Map.of("a", 0.0, "b", 10.0);

        // when: the floor is 0.05
        Map<String, Double> next = HedgeWeights.update(SHARES, losses, 1.0, 0.05);

        // then: b is held at the floor, a takes the rest of the voters' 0.8, c is untouched
        assertEquals(0.05, next.get("b"), 1e-12);
        assertEquals(0.75, next.get("a"), 1e-12);
        assertEquals(0.2, next.get("c"));
    }

    @Test
    void anAbsentShareBelowTheFloorIsRaisedByEveryone() {
        // given: file weights leave c at 1 %, a and b vote with no loss
        Map<String, Double> shares = Map.of("a", 0.6, "b", 0.39, "c", 0.01);

        // when
        Map<String, Double> next = HedgeWeights.update(shares, Map.of("a", 0.0, "b", 0.0), 1.0, 0.05);

        // then: c is raised to 0.05, a and b scaled by 0.95/0.99
        assertEquals(0.05, next.get("c"), 1e-12);
        assertEquals(0.6 * 0.95 / 0.99, next.get("a"), 1e-12);
        assertEquals(0.39 * 0.95 / 0.99, next.get("b"), 1e-12);
    }

    @Test
    void aFloorThatCannotBeMetSharesEqually() {
        // when: the voters hold 0.8 between them but two of them at 0.45 would need 0.9
        Map<String, Double> next = HedgeWeights.update(SHARES, Map.of("a", 0.0, "b", 5.0), 1.0, 0.45);

        // then: a and b split their 0.8; c's 0.2 is below the floor too, and three times 0.45 exceeds 1,
        // so all three share equally
        assertEquals(1.0 / 3, next.get("a"), 1e-12);
        assertEquals(1.0 / 3, next.get("b"), 1e-12);
        assertEquals(1.0 / 3, next.get("c"), 1e-12);
    }

    @Test
    void votersOutsideTheWeightsAreIgnoredAndFileWeightsAreNormalised() {
        assertEquals(SHARES, HedgeWeights.update(SHARES, Map.of("z", 1.0), 1.0, 0.0));
        Map<String, Double> shares = HedgeWeights.normalise(Map.of("a", 2.0, "b", 1.0, "c", 1.0));
        assertEquals(Map.of("a", 0.5, "b", 0.25, "c", 0.25), shares);
    }
}
