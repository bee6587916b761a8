package org.locness.inference.placement;

import java.util.Optional;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;

/**
 * Decides each model's CPUs from the ensemble and what the process may use. Pure: the available set
 * comes in, a {@link Placement} goes out. Strict mode refuses to start when CPUs are missing.
 */
public final class PlacementPlanner {
    private PlacementPlanner() {
    }

    public static Placement plan(ModelSpec model, CpuSet available, boolean strict) {
        CpuSet requested = model.cpus();
        CpuSet missing = requested.minus(available);
        if (missing.isEmpty()) {
            return new Placement(model.name(), requested, requested, model.threads(), Optional.empty());
        }
        if (strict) {
            throw new PlacementException("model " + model.name() + " is pinned to CPUs " + requested
                    + " but CPUs " + missing + " are not available to this process (available: " + available
                    + "); run on the node the ensemble describes, or drop --strict-pinning");
        }
        CpuSet present = requested.intersect(available);
        CpuSet effective = present.isEmpty() ? available : present;
        int threads = Math.max(1, Math.min(model.threads(), effective.size()));
        String warning = "model " + model.name() + " asks for CPUs " + requested + " but only " + available
                + " exist here; using " + effective + " with " + threads + " thread(s)";
        return new Placement(model.name(), requested, effective, threads, Optional.of(warning));
    }
}
