package org.locness.infra.provision.model;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.locness.events.ensemble.CpuSet;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The parts of a domain definition that provisioning decides, read from domain XML: ours, or
 * libvirt's {@code getXMLDesc}, which adds a uuid, MAC addresses, PCI addresses and defaults and
 * rewrites units. Comparing shapes instead of strings tells a domain that is ours, unchanged,
 * from one that someone (or an older spec) defined differently.
 *
 * <p>{@code vcpuPins} maps vCPU → host CPUs; {@code emulatorPin} and the NUMA fields are null when
 * absent; {@code topology} reads "sockets x cores x threads"; {@code disks} are
 * "target: type source [backing]".
 */
public record DomainShape(String name, long memoryKib, int vcpus, Map<Integer, CpuSet> vcpuPins, CpuSet emulatorPin,
        String numaMode, CpuSet numaNodeset, String topology, List<String> disks, List<String> bridges) {

    public DomainShape {
        vcpuPins = Map.copyOf(vcpuPins);
        disks = List.copyOf(disks);
        bridges = List.copyOf(bridges);
    }

    public static DomainShape parse(String xml) {
        Element domain = root(xml);
        Map<Integer, CpuSet> pins = new TreeMap<>();
        CpuSet emulator = null;
        Element cputune = first(domain, "cputune");
        if (cputune != null) {
            for (Element pin : children(cputune, "vcpupin")) {
                pins.put(Integer.parseInt(pin.getAttribute("vcpu")), CpuSet.parse(pin.getAttribute("cpuset")));
            }
            Element emulatorPin = first(cputune, "emulatorpin");
            emulator = emulatorPin == null ? null : CpuSet.parse(emulatorPin.getAttribute("cpuset"));
        }
        String mode = null;
        CpuSet nodeset = null;
        Element numatune = first(domain, "numatune");
        Element memoryTune = numatune == null ? null : first(numatune, "memory");
        if (memoryTune != null) {
            // libvirt omits mode='strict' when reading back: it is the default.
            mode = memoryTune.getAttribute("mode").isEmpty() ? "strict" : memoryTune.getAttribute("mode");
            nodeset = memoryTune.getAttribute("nodeset").isEmpty() ? null : CpuSet.parse(memoryTune.getAttribute("nodeset"));
        }
        Element cpu = first(domain, "cpu");
        Element topology = cpu == null ? null : first(cpu, "topology");
        String shape = topology == null ? null
                : topology.getAttribute("sockets") + " x " + topology.getAttribute("cores") + " x " + topology.getAttribute("threads");
        List<String> disks = new ArrayList<>();
        List<String> bridges = new ArrayList<>();
        Element devices = first(domain, "devices");
        if (devices != null) {
            for (Element disk : children(devices, "disk")) {
                disks.add(describeDisk(disk));
            }
            for (Element nic : children(devices, "interface")) {
                Element source = first(nic, "source");
                if ("bridge".equals(nic.getAttribute("type")) && source != null) {
                    bridges.add(source.getAttribute("bridge"));
                }
            }
        }
        Element memory = first(domain, "memory");
        Element vcpu = first(domain, "vcpu");
        return new DomainShape(textOf(first(domain, "name")), memory == null ? 0 : kib(memory), vcpu == null ? 0 : Integer.parseInt(textOf(vcpu)),
                pins, emulator, mode, nodeset, shape, disks, bridges);
    }

    /**
     * What differs from {@code wanted}, one line each, worded for the operator. A backing file is
     * compared only when this side names one: libvirt leaves a chain it detected by itself out of
     * the inactive XML.
     */
    public List<String> differencesFrom(DomainShape wanted) {
        List<String> out = new ArrayList<>();
        if (memoryKib != wanted.memoryKib) {
            out.add("memory: libvirt has " + Sizes.gib(memoryKib / 1024) + ", the spec wants " + Sizes.gib(wanted.memoryKib / 1024));
        }
        if (vcpus != wanted.vcpus) {
            out.add("vcpu: libvirt has " + vcpus + ", the spec wants " + wanted.vcpus);
        }
        TreeSet<Integer> all = new TreeSet<>(vcpuPins.keySet());
        all.addAll(wanted.vcpuPins.keySet());
        for (int v : all) {
            if (!Objects.equals(vcpuPins.get(v), wanted.vcpuPins.get(v))) {
                out.add("vcpupin " + v + ": libvirt has " + orNone(vcpuPins.get(v)) + ", the spec wants " + orNone(wanted.vcpuPins.get(v)));
            }
        }
        compare(out, "emulatorpin", emulatorPin, wanted.emulatorPin);
        compare(out, "numatune mode", numaMode, wanted.numaMode);
        compare(out, "numatune nodeset", numaNodeset, wanted.numaNodeset);
        compare(out, "cpu topology (sockets x cores x threads)", topology, wanted.topology);
        if (!sameDisks(disks, wanted.disks)) {
            out.add("disks: libvirt has " + disks + ", the spec wants " + wanted.disks);
        }
        compare(out, "bridges", bridges, wanted.bridges);
        return out;
    }

    private static boolean sameDisks(List<String> actual, List<String> wanted) {
        if (actual.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            String a = actual.get(i);
            String w = wanted.get(i);
            if (!a.equals(w) && !(a.indexOf(" backed by ") < 0 && w.startsWith(a + " backed by "))) {
                return false;
            }
        }
        return true;
    }

    private static void compare(List<String> out, String what, Object actual, Object wanted) {
        if (!Objects.equals(actual, wanted)) {
            out.add(what + ": libvirt has " + orNone(actual) + ", the spec wants " + orNone(wanted));
        }
    }

    private static String orNone(Object value) {
        return value == null ? "none" : value.toString();
    }

    private static String describeDisk(Element disk) {
        Element target = first(disk, "target");
        Element source = first(disk, "source");
        Element driver = first(disk, "driver");
        String type = disk.getAttribute("type");
        String where = source == null ? "" : "block".equals(type) ? source.getAttribute("dev") : source.getAttribute("file");
        StringBuilder out = new StringBuilder();
        out.append(target == null ? "?" : target.getAttribute("dev")).append(": ").append(type).append(' ').append(where);
        if (driver != null && !driver.getAttribute("type").isEmpty()) {
            out.append(" (").append(driver.getAttribute("type")).append(')');
        }
        Element backing = first(disk, "backingStore");
        Element backingSource = backing == null ? null : first(backing, "source");
        if (backingSource != null && !backingSource.getAttribute("file").isEmpty()) {
            out.append(" backed by ").append(backingSource.getAttribute("file"));
        }
        return out.toString();
    }

    /** libvirt's memory units; no unit means KiB. */
    private static long kib(Element memory) {
        long value = Long.parseLong(textOf(memory));
        String unit = memory.getAttribute("unit").isEmpty() ? "KiB" : memory.getAttribute("unit");
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "b", "bytes" -> value / 1024;
            case "kb" -> value * 1000 / 1024;
            case "k", "kib" -> value;
            case "mb" -> value * 1_000_000 / 1024;
            case "m", "mib" -> value * 1024;
            case "gb" -> value * 1_000_000_000 / 1024;
            case "g", "gib" -> value * 1024 * 1024;
            case "t", "tib" -> value * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown memory unit '" + unit + "'");
        };
    }

    private static Element root(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Domain XML never carries a DTD; refusing one rules out entity tricks.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
            if (!"domain".equals(root.getTagName())) {
                throw new IllegalArgumentException("not domain XML: root element is <" + root.getTagName() + ">");
            }
            return root;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("unreadable domain XML: " + e.getMessage(), e);
        }
    }

    private static String textOf(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }

    private static Element first(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                out.add(element);
            }
        }
        return out;
    }
}
