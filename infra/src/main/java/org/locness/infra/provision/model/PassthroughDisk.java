package org.locness.infra.provision.model;

import java.util.regex.Pattern;

/** A host block device handed whole to the guest, e.g. the 8 TB lake HDD: {@code /dev/sdb} → {@code vdb}. */
public record PassthroughDisk(String sourceDev, String targetDev) {
    private static final Pattern TARGET = Pattern.compile("^vd[b-z]$");

    public PassthroughDisk {
        if (sourceDev == null || !sourceDev.startsWith("/dev/")) {
            throw new IllegalArgumentException("passthrough_disks: source_dev must be a host device under /dev/, was '" + sourceDev + "'");
        }
        // vda is the OS overlay; virtio names keep the guest's view stable.
        if (targetDev == null || !TARGET.matcher(targetDev).matches()) {
            throw new IllegalArgumentException("passthrough_disks: target_dev must be vdb..vdz (vda is the OS disk), was '" + targetDev + "'");
        }
    }
}
