package org.locness.infra.provision.libvirt;

import java.util.List;
import org.locness.infra.provision.model.DomainShape;

/**
 * One VM as libvirt reports it: its state ("running", "shut off", …, or "not defined"), the pinning
 * and NUMA tuning read back from its XML ({@code shape}, null when not defined), and how that
 * differs from the spec.
 */
public record DomainStatus(String vm, String state, DomainShape shape, List<String> differences) {
    public static final String NOT_DEFINED = "not defined";

    public DomainStatus {
        differences = List.copyOf(differences);
    }

    public boolean ok() {
        return "running".equals(state) && differences.isEmpty();
    }
}
