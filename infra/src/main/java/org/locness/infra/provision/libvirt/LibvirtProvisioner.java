package org.locness.infra.provision.libvirt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.LibvirtException;
import org.locness.infra.provision.libvirt.ApplyResult.Outcome;
import org.locness.infra.provision.model.DomainShape;
import org.locness.infra.provision.model.DomainXmlBuilder;
import org.locness.infra.provision.model.VmSpec;

/**
 * Defines and starts the VMs through libvirt-java, idempotently, marked to start with the host: a
 * domain that already matches its spec is left alone (started if it is shut off, autostart turned
 * on if it was off); one that differs is reported and never
 * redefined, because redefining a running VM's CPUs or disks under it is the operator's call.
 *
 * <p>Works with any libvirt URI; {@code test:///default} keeps its domains in the memory of this
 * process, shared by every connection the process opens and invisible to any other process
 * (a {@code virsh} started next to it sees the driver's stock domain only).
 */
public final class LibvirtProvisioner implements AutoCloseable {
    private final Connect connect;
    private final String uri;

    private LibvirtProvisioner(Connect connect, String uri) {
        this.connect = connect;
        this.uri = uri;
    }

    public static LibvirtProvisioner connect(String uri) throws LibvirtException {
        return new LibvirtProvisioner(new Connect(uri), uri);
    }

    public List<ApplyResult> apply(List<VmSpec> specs) throws LibvirtException {
        Map<String, Domain> existing = domainsByName();
        List<ApplyResult> results = new ArrayList<>();
        for (VmSpec spec : specs) {
            results.add(apply(spec, existing.get(spec.name())));
        }
        return results;
    }

    private ApplyResult apply(VmSpec spec, Domain domain) throws LibvirtException {
        String xml = DomainXmlBuilder.build(spec);
        if (domain != null) {
            // The persistent definition, not the live one: that is what a define would replace.
            List<String> differences = DomainShape.parse(domain.getXMLDesc(Domain.XMLFlags.INACTIVE))
                    .differencesFrom(DomainShape.parse(xml));
            if (!differences.isEmpty()) {
                return new ApplyResult(spec.name(), Outcome.DIFFERS, differences);
            }
            if (domain.isActive() == 1) {
                List<String> details = new ArrayList<>(List.of("defined as specified and running"));
                ensureAutostart(domain, details);
                return new ApplyResult(spec.name(), Outcome.UNCHANGED, details);
            }
            List<String> details = new ArrayList<>(List.of("defined as specified; was " + state(domain)));
            ensureAutostart(domain, details);
            return start(spec, domain, Outcome.STARTED, details);
        }
        List<String> details = new ArrayList<>();
        try {
            details.add(OverlayDisk.prepare(spec, uri));
            OverlayDisk.prepareStaging(spec, uri).ifPresent(details::add);
        } catch (IOException e) {
            details.add(e.getMessage());
            return new ApplyResult(spec.name(), Outcome.FAILED, details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.add("interrupted while creating the disks");
            return new ApplyResult(spec.name(), Outcome.FAILED, details);
        }
        Domain defined = connect.domainDefineXML(xml);
        details.add("defined");
        // The seed's VM auto-restart, part one: the VM comes back when the host boots (the watchdog
        // in the XML is part two: it resets a hung guest).
        defined.setAutostart(true);
        details.add("autostart on");
        return start(spec, defined, Outcome.CREATED, details);
    }

    private static void ensureAutostart(Domain domain, List<String> details) throws LibvirtException {
        if (!domain.getAutostart()) {
            domain.setAutostart(true);
            details.add("autostart turned on");
        }
    }

    private static ApplyResult start(VmSpec spec, Domain domain, Outcome outcome, List<String> before) {
        List<String> details = new ArrayList<>(before);
        try {
            domain.create();
            details.add("started");
            return new ApplyResult(spec.name(), outcome, details);
        } catch (LibvirtException e) {
            details.add("start failed: " + e.getMessage());
            return new ApplyResult(spec.name(), Outcome.FAILED, details);
        }
    }

    public List<DomainStatus> status(List<VmSpec> specs) throws LibvirtException {
        Map<String, Domain> existing = domainsByName();
        List<DomainStatus> out = new ArrayList<>();
        for (VmSpec spec : specs) {
            Domain domain = existing.get(spec.name());
            if (domain == null) {
                out.add(new DomainStatus(spec.name(), DomainStatus.NOT_DEFINED, null, List.of()));
                continue;
            }
            // The live XML of a running domain: the pinning it runs with now.
            DomainShape shape = DomainShape.parse(domain.getXMLDesc(0));
            out.add(new DomainStatus(spec.name(), state(domain), shape,
                    shape.differencesFrom(DomainShape.parse(DomainXmlBuilder.build(spec)))));
        }
        return out;
    }

    /** Looked up by listing rather than by name, because a failed lookup makes libvirt print an error to stderr. */
    private Map<String, Domain> domainsByName() throws LibvirtException {
        Map<String, Domain> byName = new HashMap<>();
        for (Domain domain : connect.listAllDomains(0)) {
            byName.put(domain.getName(), domain);
        }
        return byName;
    }

    private static String state(Domain domain) throws LibvirtException {
        DomainInfo.DomainState state = domain.getInfo().state;
        return switch (state) {
            case VIR_DOMAIN_RUNNING -> "running";
            case VIR_DOMAIN_SHUTOFF -> "shut off";
            case VIR_DOMAIN_PMSUSPENDED -> "suspended";
            default -> state.name().substring("VIR_DOMAIN_".length()).toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public void close() throws LibvirtException {
        connect.close();
    }
}
