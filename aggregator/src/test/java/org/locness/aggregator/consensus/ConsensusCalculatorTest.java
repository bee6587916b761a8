package org.locness.aggregator.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.locness.events.id.ModelName;

class ConsensusCalculatorTest {
    private static final double EPS = 1e-12;

    private static ModelVote vote(String model, double weight, double up, double down, double flat) {
        return new ModelVote(ModelName.of(model), weight, Map.of("up", up, "down", down, "flat", flat));
    }

    @Test
    void weightedMeanPredictionConfidenceAgreementAndEntropy() {
        Consensus c = ConsensusCalculator.calculate(List.of(
                vote("a", 2, 0.7, 0.2, 0.1),
                vote("b", 1, 0.1, 0.8, 0.1),
                vote("c", 1, 0.6, 0.3, 0.1)));

        // up = (2*0.7 + 0.1 + 0.6) / 4, down = (2*0.2 + 0.8 + 0.3) / 4, flat = 0.1
        assertEquals(0.525, c.probabilities().get("up"), EPS);
        assertEquals(0.375, c.probabilities().get("down"), EPS);
        assertEquals(0.1, c.probabilities().get("flat"), EPS);
        assertEquals("up", c.prediction());
        assertEquals(0.525, c.confidence(), EPS);
        assertEquals(0.75, c.agreement(), EPS, "a and c (weight 3 of 4) say up");
        double h = -(0.525 * Math.log(0.525) + 0.375 * Math.log(0.375) + 0.1 * Math.log(0.1));
        assertEquals(h, c.entropy(), EPS);
        assertEquals(List.of("down", "flat", "up"), List.copyOf(c.probabilities().keySet()), "labels in order");
    }

    @Test
    void singleCertainModelHasZeroEntropyAndFullAgreement() {
        Consensus c = ConsensusCalculator.calculate(List.of(vote("a", 1, 1, 0, 0)));
        assertEquals("up", c.prediction());
        assertEquals(1.0, c.confidence(), EPS);
        assertEquals(1.0, c.agreement(), EPS);
        assertEquals(0.0, c.entropy(), 0.0);
    }

    @Test
    void uniformDistributionHasEntropyLnK() {
        double third = 1.0 / 3;
        Consensus c = ConsensusCalculator.calculate(List.of(vote("a", 1, third, third, third)));
        assertEquals(Math.log(3), c.entropy(), 1e-9);
    }

    @Test
    void tieInTheMeanGoesToTheFirstLabelAlphabetically() {
        Consensus c = ConsensusCalculator.calculate(List.of(
                vote("a", 1, 1, 0, 0),
                vote("b", 1, 0, 1, 0)));
        assertEquals("down", c.prediction(), "down < up");
        assertEquals(0.5, c.agreement(), EPS, "only b's own top label is down");
    }

    @Test
    void tieWithinOneModelUsesTheSameRule() {
        Consensus c = ConsensusCalculator.calculate(List.of(
                vote("a", 1, 0.5, 0, 0.5),
                vote("b", 1, 0, 0, 1)));
        assertEquals("flat", c.prediction());
        assertEquals(1.0, c.agreement(), EPS, "a's tie between flat and up goes to flat");
    }

    @Test
    void sameInputSameOutputWhateverTheVoteOrder() {
        List<ModelVote> votes = List.of(vote("a", 1, 0.4, 0.4, 0.2), vote("b", 3, 0.3, 0.3, 0.4), vote("c", 2, 0.5, 0.5, 0));
        Consensus forward = ConsensusCalculator.calculate(votes);
        Consensus backward = ConsensusCalculator.calculate(List.of(votes.get(2), votes.get(1), votes.get(0)));
        assertEquals(forward.prediction(), backward.prediction());
        assertEquals(forward.probabilities().get("up"), backward.probabilities().get("up"), EPS);
        assertEquals(forward.agreement(), backward.agreement(), EPS);
    }

    @Test
    void labelsAModelDidNotNameCountAsZero() {
        Consensus c = ConsensusCalculator.calculate(List.of(
                new ModelVote(ModelName.of("a"), 1, Map.of("up", 0.6, "down", 0.4)),
                vote("b", 1, 0.2, 0.2, 0.6)));
        assertEquals(0.3, c.probabilities().get("flat"), EPS);
        assertEquals(0.4, c.probabilities().get("up"), EPS);
    }

    @Test
    void vectorsAreNormalisedBeforeWeighting() {
        Consensus c = ConsensusCalculator.calculate(List.of(
                new ModelVote(ModelName.of("a"), 1, Map.of("up", 0.6006, "down", 0.4004))));
        assertEquals(0.6, c.probabilities().get("up"), 1e-12);
        assertEquals(1.0, c.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    @Test
    void aZeroWeightModelDoesNotMoveTheMeanOrTheAgreement() {
        Consensus c = ConsensusCalculator.calculate(List.of(vote("a", 1, 0.9, 0.1, 0), vote("b", 0, 0, 1, 0)));
        assertEquals(0.9, c.confidence(), EPS);
        assertEquals(1.0, c.agreement(), EPS);
    }

    @Test
    void rejectsNoVotes() {
        assertMessage(() -> ConsensusCalculator.calculate(List.of()), "no votes");
        assertMessage(() -> ConsensusCalculator.calculate(null), "no votes");
    }

    @Test
    void rejectsZeroTotalWeight() {
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", 0, 1, 0, 0), vote("b", 0, 0, 1, 0))),
                "total weight is 0");
    }

    @Test
    void rejectsNegativeOrNonFiniteWeights() {
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", -1, 1, 0, 0))), "a: weight must be");
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", Double.NaN, 1, 0, 0))), "was NaN");
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", Double.POSITIVE_INFINITY, 1, 0, 0))),
                "was Infinity");
    }

    @Test
    void rejectsNegativeOrNonFiniteProbabilities() {
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", 1, 1.2, -0.2, 0))),
                "a: probability of 'down' must be a finite number >= 0, was -0.2");
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", 1, Double.NaN, 0.5, 0.5))), "'up'");
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", 1, Double.NEGATIVE_INFINITY, 0.5, 0.5))),
                "'up'");
        Map<String, Double> withNull = new HashMap<>();
        withNull.put("up", null);
        assertMessage(() -> ConsensusCalculator.calculate(List.of(new ModelVote(ModelName.of("a"), 1, withNull))),
                "was null");
    }

    @Test
    void rejectsEmptyAllZeroOrBlankVectors() {
        assertMessage(() -> ConsensusCalculator.calculate(List.of(new ModelVote(ModelName.of("a"), 1, Map.of()))),
                "a: probabilities are empty");
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", 1, 0, 0, 0))), "a: probabilities are all 0");
        assertMessage(() -> ConsensusCalculator.calculate(List.of(new ModelVote(ModelName.of("a"), 1, Map.of(" ", 1.0)))),
                "a label is blank");
    }

    @Test
    void rejectsAModelVotingTwice() {
        assertMessage(() -> ConsensusCalculator.calculate(List.of(vote("a", 1, 1, 0, 0), vote("a", 1, 0, 1, 0))),
                "a voted twice");
    }

    private static void assertMessage(Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
