package org.locness.infra.provision.model;

import java.util.List;
import org.locness.events.ensemble.CpuSet;

/**
 * The seed's {@code tuning} block. {@code vcpu_pins[i]} is the host CPU list for vCPU i;
 * {@code threads_per_core} (default 2, as the seed's pins come in sibling pairs) is the guest
 * topology the pins must make true; {@code shares_cpus_with} names VMs this one may share host
 * CPUs with on purpose.
 */
public record Tuning(List<String> vcpuPins, String emulatorCpuset, NumaMemory numaMemory, Integer threadsPerCore,
        List<String> sharesCpusWith) {

    static final Tuning NONE = new Tuning(null, null, null, null, null);

    public Tuning {
        vcpuPins = vcpuPins == null ? List.of() : List.copyOf(vcpuPins);
        for (int i = 0; i < vcpuPins.size(); i++) {
            parse(vcpuPins.get(i), "tuning.vcpu_pins[" + i + "]");
        }
        if (emulatorCpuset != null) {
            parse(emulatorCpuset, "tuning.emulator_cpuset");
        }
        threadsPerCore = threadsPerCore == null ? 2 : threadsPerCore;
        if (threadsPerCore < 1 || threadsPerCore > 8) {
            throw new IllegalArgumentException("tuning.threads_per_core must be between 1 and 8, was " + threadsPerCore);
        }
        sharesCpusWith = sharesCpusWith == null ? List.of() : List.copyOf(sharesCpusWith);
    }

    public List<CpuSet> pins() {
        return vcpuPins.stream().map(CpuSet::parse).toList();
    }

    public boolean pinned() {
        return !vcpuPins.isEmpty();
    }

    /** The emulator threads' CPUs, or null when QEMU may schedule them anywhere. */
    public CpuSet emulator() {
        return emulatorCpuset == null ? null : CpuSet.parse(emulatorCpuset);
    }

    static CpuSet parse(String list, String key) {
        try {
            return CpuSet.parse(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
