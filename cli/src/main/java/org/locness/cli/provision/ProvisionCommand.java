package org.locness.cli.provision;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.locness.cli.run.Home;
import org.locness.infra.provision.ProvisionCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code locness provision plan|apply|status}: the VMs of the NUMA server, through libvirt. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Validates the VM specifications against the host's NUMA topology, defines and starts the "
                + "domains through libvirt, and reads back their pinning.",
        subcommands = {ProvisionCommand.Plan.class, ProvisionCommand.Apply.class, ProvisionCommand.Status.class})
public final class ProvisionCommand {
    @Option(names = "--vms", description = "Directory of host.json and the VM specs (default: infra/vms; "
            + "<name>-corrected.json replaces <name>.json).")
    Path vms;

    Path vmsDir() {
        return vms != null ? vms : Home.resolve("infra/vms");
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Checks every pinned CPU, sharing, NUMA placement, memory per node and sibling pairing; "
                    + "prints a table per VM and per NUMA node. Exit 1 if anything is wrong.")
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        ProvisionCommand parent;

        @Override
        public Integer call() {
            return ProvisionCommands.plan(parent.vmsDir(), System.out);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Plans, then defines and starts the domains; an identical domain is left alone, a "
                    + "different one is reported, never clobbered.")
    static final class Apply implements Callable<Integer> {
        @ParentCommand
        ProvisionCommand parent;

        @Option(names = "--uri", defaultValue = "qemu:///system", description = "libvirt URI (default: ${DEFAULT-VALUE}).")
        String uri;

        @Override
        public Integer call() {
            return ProvisionCommands.apply(parent.vmsDir(), uri, System.out);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Reads back state, vCPU and emulator pinning and NUMA tuning.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ProvisionCommand parent;

        @Option(names = "--uri", defaultValue = "qemu:///system", description = "libvirt URI (default: ${DEFAULT-VALUE}).")
        String uri;

        @Override
        public Integer call() {
            return ProvisionCommands.status(parent.vmsDir(), uri, System.out);
        }
    }
}
