package org.locness.infra.provision.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One VM as the seed describes it ({@code infra/vms/*.json}, snake_case keys). Beyond the seed's
 * keys, {@code passthrough_disks} hands whole host block devices to the guest (VM3's 8 TB HDD), and
 * {@code staging_disk} gives an SLM VM the seed's separate staging disk (optional).
 * Only the shape is checked here; whether the VM fits the host is {@link ProvisionPlanner}'s job.
 */
public record VmSpec(String name, int vcpuCount, long memoryMb, String diskPath, int diskSizeGb,
        String baseImagePath, String bridgeNetworkInterface, Tuning tuning, List<PassthroughDisk> passthroughDisks,
        StagingDisk stagingDisk) {

    // libvirt accepts more, but the name also becomes a file name and a K3s node's domain name.
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    public VmSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' is not a domain name (letters, digits, '.', '_', '-'; 1-64 chars)");
        }
        require(vcpuCount >= 1, name, "vcpu_count must be at least 1, was " + vcpuCount);
        require(memoryMb >= 1, name, "memory_mb must be at least 1, was " + memoryMb);
        require(diskSizeGb >= 1, name, "disk_size_gb must be at least 1, was " + diskSizeGb);
        requirePath(diskPath, name, "disk_path");
        requirePath(baseImagePath, name, "base_image_path");
        require(bridgeNetworkInterface != null && !bridgeNetworkInterface.isBlank(), name,
                "bridge_network_interface is required (the seed uses br0)");
        tuning = tuning == null ? Tuning.NONE : tuning;
        passthroughDisks = passthroughDisks == null ? List.of() : List.copyOf(passthroughDisks);
        if (!tuning.vcpuPins().isEmpty()) {
            require(tuning.vcpuPins().size() == vcpuCount, name, "tuning.vcpu_pins lists " + tuning.vcpuPins().size()
                    + " CPUs for vcpu_count " + vcpuCount + ": give exactly one entry per vCPU, or none");
        }
        require(vcpuCount % tuning.threadsPerCore() == 0, name, "vcpu_count " + vcpuCount
                + " is not a whole number of guest cores of " + tuning.threadsPerCore() + " threads");
        require(!tuning.sharesCpusWith().contains(name), name, "tuning.shares_cpus_with names the VM itself");
        if (stagingDisk != null) {
            String target = stagingDisk.targetDev();
            require(passthroughDisks.stream().noneMatch(d -> d.targetDev().equals(target)), name,
                    "staging_disk.target_dev " + target + " is also a passthrough disk's target");
        }
    }

    /** A VM without a staging disk. */
    public VmSpec(String name, int vcpuCount, long memoryMb, String diskPath, int diskSizeGb, String baseImagePath,
            String bridgeNetworkInterface, Tuning tuning, List<PassthroughDisk> passthroughDisks) {
        this(name, vcpuCount, memoryMb, diskPath, diskSizeGb, baseImagePath, bridgeNetworkInterface, tuning, passthroughDisks, null);
    }

    public long memoryKib() {
        return memoryMb * 1024;
    }

    private static void require(boolean ok, String vm, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(vm + ": " + problem);
        }
    }

    private static void requirePath(String path, String vm, String key) {
        require(path != null && path.startsWith("/"), vm, key + " must be an absolute path on the host, was '" + path + "'");
    }
}
