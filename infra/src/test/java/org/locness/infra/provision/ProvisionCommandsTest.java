package org.locness.infra.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionCommandsTest {
    private static final Path VMS = Path.of("vms");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Path seedOnly(Path dir) throws Exception {
        for (String file : List.of("host.json", "vm1.json", "vm2.json", "vm3.json")) {
            Files.copy(VMS.resolve(file), dir.resolve(file));
        }
        return dir;
    }

    @Test
    void planOfTheShippedSpecsIsClean() {
        assertEquals(ProvisionCommands.OK, ProvisionCommands.plan(VMS, out));
        assertTrue(output().startsWith("using vm3-corrected.json in place of vm3.json\nVMs\n"), output());
        assertTrue(output().endsWith("No findings: the plan is clean.\n"), output());
    }

    @Test
    void planOfTheSeedReportsItsFaults(@TempDir Path dir) throws Exception {
        assertEquals(ProvisionCommands.NOT_AS_SPECIFIED, ProvisionCommands.plan(seedOnly(dir), out));
        assertTrue(output().contains("Findings (7)"), output());
        assertTrue(output().contains("k3s-minio-storage, CPU 18: vCPU 4 is pinned to it, and so is vCPU 0 of k3s-slm-worker-2"), output());
    }

    @Test
    void applyRefusesAPlanWithFindingsBeforeTouchingLibvirt(@TempDir Path dir) throws Exception {
        assertEquals(ProvisionCommands.NOT_AS_SPECIFIED, ProvisionCommands.apply(seedOnly(dir), "qemu:///nowhere", out));
        assertTrue(output().endsWith("Nothing applied: fix the findings first.\n"), output());
    }

    @Test
    void unreadableSpecsAreAnError(@TempDir Path dir) {
        assertEquals(ProvisionCommands.ERROR, ProvisionCommands.plan(dir, out));
        assertEquals("error: " + dir.resolve("host.json") + " is missing: describe the host's NUMA nodes, cores and memory there\n", output());
    }
}
