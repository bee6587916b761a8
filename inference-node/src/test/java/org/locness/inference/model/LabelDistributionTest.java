package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelDistributionTest {

    private static final List<String> LABELS = List.of(" up", " down", " flat");

    @Test
    void softmaxKeepsLabelOrderAndSumsToOne() {
        LabelDistribution d = LabelDistribution.softmax(LABELS, new double[] {1.0, 2.0, 0.5});
        assertEquals(LABELS, List.copyOf(d.probabilities().keySet()));
        assertEquals(1.0, d.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        double z = Math.exp(1.0) + Math.exp(2.0) + Math.exp(0.5);
        assertEquals(Math.exp(2.0) / z, d.probability(" down"), 1e-12);
        assertEquals(" down", d.prediction());
        assertEquals(d.probability(" down"), d.confidence());
    }

    @Test
    void largeLogitsDoNotOverflow() {
        LabelDistribution d = LabelDistribution.softmax(LABELS, new double[] {1000.0, 999.0, -1000.0});
        assertEquals(1 / (1 + Math.exp(-1)), d.probability(" up"), 1e-12);
        assertEquals(0.0, d.probability(" flat"), 1e-300);
    }

    @Test
    void tieGoesToTheFirstLabel() {
        assertEquals(" up", LabelDistribution.softmax(LABELS, new double[] {3, 3, 3}).prediction());
    }

    @Test
    void rejectsWhatIsNotADistribution() {
        Map<String, Double> notSummingToOne = new LinkedHashMap<>();
        notSummingToOne.put(" up", 0.5);
        notSummingToOne.put(" down", 0.4);
        assertThrows(IllegalArgumentException.class, () -> new LabelDistribution(notSummingToOne));
        assertThrows(IllegalArgumentException.class, () -> new LabelDistribution(Map.of(" up", 1.0)));
        assertThrows(IllegalArgumentException.class,
                () -> LabelDistribution.softmax(LABELS, new double[] {1, Double.NaN, 0}));
        assertThrows(IllegalArgumentException.class, () -> LabelDistribution.softmax(LABELS, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> LabelDistribution.softmax(List.of(" up", " up"), new double[] {1, 2}));
    }

    @Test
    void unknownLabelIsAnError() {
        LabelDistribution d = LabelDistribution.softmax(LABELS, new double[] {0, 0, 0});
        assertThrows(IllegalArgumentException.class, () -> d.probability(" sideways"));
    }
}
