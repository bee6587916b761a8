package org.locness.infra.provision.libvirt;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.locness.infra.provision.model.StagingDisk;
import org.locness.infra.provision.model.VmSpec;

/**
 * The VM's disk images: the OS disk, a qcow2 overlay on the shared base image, so three VMs cost
 * one base image plus their own changes, and the SLM VMs' empty staging disk. Created with {@code qemu-img} on this machine, hence only for local
 * libvirt URIs; the test driver has no storage at all.
 */
final class OverlayDisk {
    private static final long TIMEOUT_SECONDS = 120;

    private OverlayDisk() {
    }

    static List<String> command(VmSpec vm) {
        return List.of("qemu-img", "create", "-f", "qcow2", "-b", vm.baseImagePath(), "-F", "qcow2", vm.diskPath(),
                vm.diskSizeGb() + "G");
    }

    /** The staging disk: an empty qcow2 of its own; libvirt refuses to start a domain whose disk file is missing. */
    static List<String> stagingCommand(StagingDisk staging) {
        return List.of("qemu-img", "create", "-f", "qcow2", staging.path(), staging.sizeGb() + "G");
    }

    /** Makes sure the overlay exists; returns what was done, for the operator. */
    static String prepare(VmSpec vm, String uri) throws IOException, InterruptedException {
        return create("overlay " + vm.diskPath(), vm.diskPath(), command(vm), uri, "created on " + vm.baseImagePath());
    }

    /** Makes sure the VM's staging disk exists, if it has one; returns what was done, for the operator. */
    static Optional<String> prepareStaging(VmSpec vm, String uri) throws IOException, InterruptedException {
        StagingDisk staging = vm.stagingDisk();
        if (staging == null) {
            return Optional.empty();
        }
        return Optional.of(create("staging disk " + staging.path(), staging.path(), stagingCommand(staging), uri,
                "created, " + staging.sizeGb() + " GB"));
    }

    private static String create(String what, String path, List<String> command, String uri, String created)
            throws IOException, InterruptedException {
        URI parsed = URI.create(uri);
        if ("test".equals(parsed.getScheme())) {
            return what + ": skipped, " + uri + " is libvirt's test driver, which has no disks";
        }
        if (parsed.getHost() != null && !parsed.getHost().isEmpty()) {
            return what + ": not created, " + uri + " is a remote host; create it there with: " + String.join(" ", command);
        }
        if (Files.exists(Path.of(path))) {
            return what + ": exists, kept";
        }
        // qemu-img create prints a line or two, so its pipe cannot fill up while we wait.
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!finished) {
            process.destroyForcibly();
            throw new IOException("qemu-img did not finish within " + TIMEOUT_SECONDS + " s creating " + path);
        }
        if (process.exitValue() != 0) {
            throw new IOException("qemu-img failed (exit " + process.exitValue() + ") creating " + path + ": " + output);
        }
        return what + ": " + created;
    }
}
