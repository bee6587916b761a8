package org.locness.inference.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

class PlacementPlannerTest {
    private static ModelSpec model(String cpus, int threads) {
        return new ModelSpec(ModelName.of("gemma-7b"), NodeName.of("vm1"), 1.5, threads, CpuSet.parse(cpus),
                "lake:models/gemma-7b/", 512, List.of(" up", " down"), "{question}");
    }

    @Test
    void allRequestedCpusPresentKeepsTheEnsemblePlacement() {
        Placement p = PlacementPlanner.plan(model("0-9", 8), CpuSet.parse("0-33"), true);

        assertEquals(CpuSet.parse("0-9"), p.effective());
        assertEquals(8, p.threads());
        assertFalse(p.degraded());
    }

    @Test
    void fewerCpusThanNamedUsesWhatExistsAndSaysSo() {
        Placement p = PlacementPlanner.plan(model("10-19", 10), CpuSet.parse("0-1"), false);

        assertEquals(CpuSet.parse("0-1"), p.effective());
        assertEquals(2, p.threads());
        assertTrue(p.warning().orElseThrow().contains("asks for CPUs 10-19 but only 0-1 exist"));

        Placement partial = PlacementPlanner.plan(model("0-9", 10), CpuSet.parse("0-3"), false);
        assertEquals(CpuSet.parse("0-3"), partial.effective());
        assertEquals(4, partial.threads());
    }

    @Test
    void strictPinningRefusesAndNamesTheMissingCpus() {
        PlacementException e = assertThrows(PlacementException.class,
                () -> PlacementPlanner.plan(model("0-9", 8), CpuSet.parse("0-1"), true));

        assertTrue(e.getMessage().contains("CPUs 2-9 are not available"), e.getMessage());
    }
}
