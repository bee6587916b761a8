package org.locness.infra.provision.model;

import java.util.regex.Pattern;

/**
 * An SLM VM's staging disk (the seed's 100 GB, {@code staging_disk} in {@code infra/vms/*.json}):
 * an empty qcow2 of its own, not an overlay on the base image, which the guest mounts at
 * {@code /data} for {@code /data/local} (job inputs and outputs) and {@code /data/models} (the model
 * cache). Kept apart from the OS disk so that a full staging area never fills the root file system.
 */
public record StagingDisk(String path, int sizeGb, String targetDev) {
    private static final Pattern TARGET = Pattern.compile("^vd[b-z]$");

    public StagingDisk {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("staging_disk: path must be an absolute path on the host, was '" + path + "'");
        }
        if (sizeGb < 1) {
            throw new IllegalArgumentException("staging_disk: size_gb must be at least 1, was " + sizeGb);
        }
        if (targetDev == null || !TARGET.matcher(targetDev).matches()) {
            throw new IllegalArgumentException("staging_disk: target_dev must be vdb..vdz (vda is the OS disk), was '" + targetDev + "'");
        }
    }
}
