package org.locness.infra.provision;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.libvirt.LibvirtException;
import org.locness.events.ensemble.CpuSet;
import org.locness.infra.provision.libvirt.ApplyResult;
import org.locness.infra.provision.libvirt.DomainStatus;
import org.locness.infra.provision.libvirt.LibvirtProvisioner;
import org.locness.infra.provision.model.DomainShape;
import org.locness.infra.provision.model.Plan;
import org.locness.infra.provision.model.PlanRenderer;
import org.locness.infra.provision.model.ProvisionPlanner;
import org.locness.infra.provision.model.Sizes;

/**
 * {@code locness provision plan|apply|status}, without the command-line parsing: each reads a
 * directory of specs ({@link VmsDirectory}), writes a readable report to {@code out} and returns
 * the exit code.
 */
public final class ProvisionCommands {
    /** Everything as specified. */
    public static final int OK = 0;
    /** The plan has findings (nothing applied), or a domain differs from its spec, is missing or not running. */
    public static final int NOT_AS_SPECIFIED = 1;
    /** Unreadable specs, or libvirt could not be reached. */
    public static final int ERROR = 2;

    private ProvisionCommands() {
    }

    public static int plan(Path vmsDir, PrintStream out) {
        VmsDirectory specs = load(vmsDir, out);
        if (specs == null) {
            return ERROR;
        }
        Plan plan = plan(specs, out);
        return plan.clean() ? OK : NOT_AS_SPECIFIED;
    }

    public static int apply(Path vmsDir, String uri, PrintStream out) {
        VmsDirectory specs = load(vmsDir, out);
        if (specs == null) {
            return ERROR;
        }
        if (!plan(specs, out).clean()) {
            out.println("Nothing applied: fix the findings first.");
            return NOT_AS_SPECIFIED;
        }
        out.println("Applying to " + uri);
        try (LibvirtProvisioner libvirt = LibvirtProvisioner.connect(uri)) {
            List<ApplyResult> results = libvirt.apply(specs.vms());
            for (ApplyResult result : results) {
                out.println("  " + result.vm() + ": " + result.outcome().name().toLowerCase(Locale.ROOT));
                result.details().forEach(line -> out.println("      " + line));
            }
            if (results.stream().anyMatch(r -> r.outcome() == ApplyResult.Outcome.DIFFERS)) {
                out.println("Domains that differ were left alone: undefine them (virsh undefine NAME) or change the spec, then apply again.");
            }
            return results.stream().allMatch(ApplyResult::ok) ? OK : NOT_AS_SPECIFIED;
        } catch (LibvirtException e) {
            out.println("error: libvirt at " + uri + ": " + e.getMessage());
            return ERROR;
        }
    }

    public static int status(Path vmsDir, String uri, PrintStream out) {
        VmsDirectory specs = load(vmsDir, out);
        if (specs == null) {
            return ERROR;
        }
        try (LibvirtProvisioner libvirt = LibvirtProvisioner.connect(uri)) {
            List<DomainStatus> statuses = libvirt.status(specs.vms());
            out.println("Domains at " + uri);
            for (DomainStatus status : statuses) {
                out.println("  " + status.vm() + ": " + status.state());
                if (status.shape() != null) {
                    describe(status.shape(), out);
                    if (status.differences().isEmpty()) {
                        out.println("      matches its spec");
                    } else {
                        status.differences().forEach(d -> out.println("      differs: " + d));
                    }
                }
            }
            return statuses.stream().allMatch(DomainStatus::ok) ? OK : NOT_AS_SPECIFIED;
        } catch (LibvirtException e) {
            out.println("error: libvirt at " + uri + ": " + e.getMessage());
            return ERROR;
        }
    }

    private static Plan plan(VmsDirectory specs, PrintStream out) {
        specs.notes().forEach(out::println);
        Plan plan = ProvisionPlanner.plan(specs.host(), specs.vms());
        out.print(PlanRenderer.render(plan));
        return plan;
    }

    private static VmsDirectory load(Path vmsDir, PrintStream out) {
        try {
            return VmsDirectory.load(vmsDir);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            out.println("error: " + e.getMessage());
            return null;
        }
    }

    private static void describe(DomainShape shape, PrintStream out) {
        out.println("      vcpus " + shape.vcpus() + ", memory " + Sizes.gib(shape.memoryKib() / 1024)
                + ", topology " + (shape.topology() == null ? "none" : shape.topology()));
        out.println("      vcpupin " + pins(shape.vcpuPins()));
        out.println("      emulatorpin " + (shape.emulatorPin() == null ? "none" : shape.emulatorPin()));
        out.println("      numatune " + (shape.numaMode() == null ? "none" : shape.numaMode() + " " + shape.numaNodeset()));
    }

    /** "0>0 1>36 2>1 …": vCPU > host CPUs, in vCPU order, so sibling pairs read off directly. */
    private static String pins(Map<Integer, CpuSet> pins) {
        if (pins.isEmpty()) {
            return "none";
        }
        return pins.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ">" + e.getValue()).collect(Collectors.joining(" "));
    }
}
