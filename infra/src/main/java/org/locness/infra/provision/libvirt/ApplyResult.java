package org.locness.infra.provision.libvirt;

import java.util.List;

/** What {@link LibvirtProvisioner#apply} did with one VM, and the lines that explain it. */
public record ApplyResult(String vm, Outcome outcome, List<String> details) {

    public enum Outcome {
        /** Not there before: defined and started. */
        CREATED,
        /** Defined as specified but shut off: started. */
        STARTED,
        /** Defined as specified and running: left alone. */
        UNCHANGED,
        /** Defined differently: left alone, the differences are the details. */
        DIFFERS,
        /** Could not be created or started: the details say why. */
        FAILED
    }

    public ApplyResult {
        details = List.copyOf(details);
    }

    public boolean ok() {
        return outcome == Outcome.CREATED || outcome == Outcome.STARTED || outcome == Outcome.UNCHANGED;
    }
}
