package org.locness.inference.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.ensemble.NodeSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

class CpuLayoutTest {
    private static final NodeSpec VM1 = new NodeSpec(NodeName.of("vm1"), 0, CpuSet.parse("0-33"));
    private static final List<ModelSpec> MODELS = List.of(model("gemma-7b", "0-9", 10), model("mistral-7b", "10-19", 10));

    @Test
    void aMachineWithEveryCpuGetsTheEnsemblesLayout() {
        CpuLayout layout = CpuLayout.plan(VM1, MODELS, CpuSet.parse("0-63"), true);

        assertEquals(CpuSet.parse("0-33"), layout.nodeCpus());
        assertTrue(layout.warning().isEmpty());
        assertEquals(List.of("0-9", "10-19"), layout.placements().stream().map(p -> p.effective().toString()).toList());
        assertTrue(layout.placements().stream().noneMatch(Placement::degraded));
    }

    @Test
    void aSmallMachineUsesWhatExistsAndSaysSo() {
        CpuLayout layout = CpuLayout.plan(VM1, MODELS, CpuSet.parse("0-1"), false);

        assertEquals(CpuSet.parse("0-1"), layout.nodeCpus());
        assertTrue(layout.warning().orElseThrow().contains("node vm1 is given CPUs 0-33 but only 0-1 exist here"));
        Placement gemma = layout.placements().get(0);
        assertEquals(CpuSet.parse("0-1"), gemma.effective());
        assertEquals(2, gemma.threads());
        assertTrue(gemma.degraded());
        // None of mistral's CPUs exist: it shares the node's.
        assertEquals(CpuSet.parse("0-1"), layout.placements().get(1).effective());
    }

    @Test
    void aNodeWhollyOutsideTheMachineRunsOnWhatTheProcessHas() {
        NodeSpec far = new NodeSpec(NodeName.of("vm2"), 1, CpuSet.parse("20-29"));

        CpuLayout layout = CpuLayout.plan(far, List.of(model("qwen-7b", "20-21", 2)), CpuSet.parse("0-1"), false);

        assertEquals(CpuSet.parse("0-1"), layout.nodeCpus());
        assertEquals(CpuSet.parse("0-1"), layout.placements().get(0).effective());
    }

    @Test
    void strictPinningRefusesNamingTheMissingCpus() {
        PlacementException e = assertThrows(PlacementException.class,
                () -> CpuLayout.plan(VM1, MODELS, CpuSet.parse("0-11"), true));

        assertTrue(e.getMessage().contains("CPUs 12-33 are not available"), e.getMessage());
        assertTrue(e.getMessage().contains("model mistral-7b is pinned to CPUs 10-19 but CPUs 12-19"), e.getMessage());
        assertFalse(e.getMessage().contains("model gemma-7b"), e.getMessage());
    }

    private static ModelSpec model(String name, String cpus, int threads) {
        return new ModelSpec(ModelName.of(name), NodeName.of("vm1"), 1.0, threads, CpuSet.parse(cpus),
                "lake:models/" + name + "/", 512, List.of(" up", " down", " flat"), "{question}");
    }
}
