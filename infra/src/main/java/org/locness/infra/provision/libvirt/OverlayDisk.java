package org.locness.infra.provision.libvirt;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.locness.infra.provision.model.VmSpec;

/**
 * The VM's OS disk: a qcow2 overlay on the shared base image, so three VMs cost one base image
 * plus their own changes. Created with {@code qemu-img} on this machine, hence only for local
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

    /** Makes sure the overlay exists; returns what was done, for the operator. */
    static String prepare(VmSpec vm, String uri) throws IOException, InterruptedException {
        URI parsed = URI.create(uri);
        if ("test".equals(parsed.getScheme())) {
            return "overlay " + vm.diskPath() + ": skipped, " + uri + " is libvirt's test driver, which has no disks";
        }
        if (parsed.getHost() != null && !parsed.getHost().isEmpty()) {
            return "overlay " + vm.diskPath() + ": not created, " + uri + " is a remote host; create it there with: "
                    + String.join(" ", command(vm));
        }
        if (Files.exists(Path.of(vm.diskPath()))) {
            return "overlay " + vm.diskPath() + ": exists, kept";
        }
        // qemu-img create prints a line or two, so its pipe cannot fill up while we wait.
        Process process = new ProcessBuilder(command(vm)).redirectErrorStream(true).start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!finished) {
            process.destroyForcibly();
            throw new IOException("qemu-img did not finish within " + TIMEOUT_SECONDS + " s creating " + vm.diskPath());
        }
        if (process.exitValue() != 0) {
            throw new IOException("qemu-img failed (exit " + process.exitValue() + ") creating " + vm.diskPath() + ": " + output);
        }
        return "overlay " + vm.diskPath() + ": created on " + vm.baseImagePath();
    }
}
