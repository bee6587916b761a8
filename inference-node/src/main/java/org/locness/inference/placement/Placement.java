package org.locness.inference.placement;

import java.util.Optional;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.id.ModelName;

/**
 * Where one model's threads run: the CPUs the ensemble asked for, the ones it gets, and why they
 * differ (fewer CPUs than the ensemble names, e.g. the demo on a laptop).
 */
public record Placement(ModelName model, CpuSet requested, CpuSet effective, int threads, Optional<String> warning) {
    public boolean degraded() {
        return warning.isPresent();
    }
}
