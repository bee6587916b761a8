package org.locness.infra.provision.model;

import java.util.Locale;
import org.locness.events.ensemble.CpuSet;

/** The seed's {@code numa_memory}: libvirt's {@code <numatune><memory mode nodeset/>}. */
public record NumaMemory(String nodeset, String mode) {

    /** libvirt's memory modes. */
    public enum Mode {
        STRICT, INTERLEAVE, PREFERRED, RESTRICTIVE;

        public String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public NumaMemory {
        Tuning.parse(nodeset, "tuning.numa_memory.nodeset");
        parseMode(mode);
    }

    public Mode memoryMode() {
        return parseMode(mode);
    }

    public CpuSet nodes() {
        return CpuSet.parse(nodeset);
    }

    private static Mode parseMode(String mode) {
        try {
            return Mode.valueOf(String.valueOf(mode).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tuning.numa_memory.mode must be strict, interleave, preferred or restrictive, was '"
                    + mode + "'", e);
        }
    }
}
