package org.locness.inference.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.ensemble.NodeSpec;

/**
 * Where a node process runs: the whole process on the node's CPUs, each model on its own subset of
 * them. Pure: the CPUs the process may use come in, the layout goes out.
 *
 * @param nodeCpus   the CPUs the whole process is pinned to
 * @param placements one per model, in the order given
 * @param warning    why {@code nodeCpus} differs from the ensemble's, if it does
 */
public record CpuLayout(CpuSet nodeCpus, List<Placement> placements, Optional<String> warning) {
    public CpuLayout {
        placements = List.copyOf(placements);
    }

    /**
     * Plans the node and its models against {@code available}. Where CPUs are missing it uses what
     * exists and says so, or, if {@code strict}, refuses naming every missing CPU.
     *
     * @throws PlacementException in strict mode when the ensemble names CPUs outside {@code available}
     */
    public static CpuLayout plan(NodeSpec node, List<ModelSpec> models, CpuSet available, boolean strict) {
        CpuSet missing = node.cpus().minus(available);
        if (strict && !missing.isEmpty()) {
            List<String> problems = new ArrayList<>();
            problems.add("node " + node.name() + " is given CPUs " + node.cpus() + " but CPUs " + missing
                    + " are not available to this process (available: " + available + ")");
            for (ModelSpec model : models) {
                try {
                    PlacementPlanner.plan(model, available, true);
                } catch (PlacementException e) {
                    problems.add(e.getMessage());
                }
            }
            throw new PlacementException("strict pinning refused: " + String.join("; ", problems));
        }
        CpuSet present = node.cpus().intersect(available);
        CpuSet nodeCpus = present.isEmpty() ? available : present;
        Optional<String> warning = missing.isEmpty() ? Optional.empty()
                : Optional.of("node " + node.name() + " is given CPUs " + node.cpus() + " but only " + available
                        + " exist here; the process runs on " + nodeCpus);
        List<Placement> placements = new ArrayList<>();
        for (ModelSpec model : models) {
            placements.add(PlacementPlanner.plan(model, nodeCpus, strict));
        }
        return new CpuLayout(nodeCpus, placements, warning);
    }
}
