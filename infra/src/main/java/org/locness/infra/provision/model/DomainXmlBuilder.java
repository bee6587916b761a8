package org.locness.infra.provision.model;

import java.io.StringWriter;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.locness.events.ensemble.CpuSet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * libvirt domain XML for a {@link VmSpec}. Pure: values in, XML out. Built through the JDK's DOM
 * so that names and paths are escaped by the serializer, not by hand.
 */
public final class DomainXmlBuilder {
    private DomainXmlBuilder() {
    }

    public static String build(VmSpec vm) {
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", "kvm");
        doc.appendChild(domain);
        text(domain, "name", vm.name());
        text(domain, "memory", Long.toString(vm.memoryMb())).setAttribute("unit", "MiB");
        text(domain, "currentMemory", Long.toString(vm.memoryMb())).setAttribute("unit", "MiB");
        text(domain, "vcpu", Integer.toString(vm.vcpuCount())).setAttribute("placement", "static");
        cputune(domain, vm.tuning());
        NumaMemory numa = vm.tuning().numaMemory();
        if (numa != null) {
            Element memory = child(child(domain, "numatune"), "memory");
            memory.setAttribute("mode", numa.memoryMode().xml());
            memory.setAttribute("nodeset", numa.nodes().toString());
        }
        Element os = child(domain, "os");
        Element type = text(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        type.setAttribute("machine", "q35");
        child(os, "boot").setAttribute("dev", "hd");
        Element features = child(domain, "features");
        child(features, "acpi");
        child(features, "apic");
        cpu(domain, vm);
        child(domain, "clock").setAttribute("offset", "utc");
        devices(domain, vm);
        return serialize(doc);
    }

    private static void cputune(Element domain, Tuning tuning) {
        CpuSet emulator = tuning.emulator();
        if (!tuning.pinned() && emulator == null) {
            return;
        }
        Element cputune = child(domain, "cputune");
        List<CpuSet> pins = tuning.pins();
        for (int vcpu = 0; vcpu < pins.size(); vcpu++) {
            Element pin = child(cputune, "vcpupin");
            pin.setAttribute("vcpu", Integer.toString(vcpu));
            pin.setAttribute("cpuset", pins.get(vcpu).toString());
        }
        if (emulator != null) {
            child(cputune, "emulatorpin").setAttribute("cpuset", emulator.toString());
        }
    }

    /**
     * host-passthrough gives the guest the host's instruction set (AVX2/FMA for PyTorch). The
     * topology numbers vCPUs core by core, so with the pins in sibling order (checked by the
     * planner) vCPUs 2k and 2k+1 are real hyper-thread siblings in the guest too, and the guest
     * kernel and kubelet's CPU manager pair them correctly.
     */
    private static void cpu(Element domain, VmSpec vm) {
        Element cpu = child(domain, "cpu");
        cpu.setAttribute("mode", "host-passthrough");
        cpu.setAttribute("check", "none");
        Element topology = child(cpu, "topology");
        int threads = vm.tuning().threadsPerCore();
        topology.setAttribute("sockets", "1");
        topology.setAttribute("dies", "1");
        topology.setAttribute("cores", Integer.toString(vm.vcpuCount() / threads));
        topology.setAttribute("threads", Integer.toString(threads));
    }

    private static void devices(Element domain, VmSpec vm) {
        Element devices = child(domain, "devices");
        Element disk = child(devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", "disk");
        driver(disk, "qcow2");
        child(disk, "source").setAttribute("file", vm.diskPath());
        Element backing = child(disk, "backingStore");
        backing.setAttribute("type", "file");
        child(backing, "format").setAttribute("type", "qcow2");
        child(backing, "source").setAttribute("file", vm.baseImagePath());
        target(disk, "vda");
        StagingDisk staging = vm.stagingDisk();
        if (staging != null) {
            Element file = child(devices, "disk");
            file.setAttribute("type", "file");
            file.setAttribute("device", "disk");
            driver(file, "qcow2");
            child(file, "source").setAttribute("file", staging.path());
            target(file, staging.targetDev());
        }
        for (PassthroughDisk passthrough : vm.passthroughDisks()) {
            Element block = child(devices, "disk");
            block.setAttribute("type", "block");
            block.setAttribute("device", "disk");
            // Whole-device passthrough: no host page cache in between, native AIO.
            Element driver = driver(block, "raw");
            driver.setAttribute("cache", "none");
            driver.setAttribute("io", "native");
            child(block, "source").setAttribute("dev", passthrough.sourceDev());
            target(block, passthrough.targetDev());
        }
        Element nic = child(devices, "interface");
        nic.setAttribute("type", "bridge");
        child(nic, "source").setAttribute("bridge", vm.bridgeNetworkInterface());
        child(nic, "model").setAttribute("type", "virtio");
        Element console = child(devices, "console");
        console.setAttribute("type", "pty");
        child(console, "target").setAttribute("type", "serial");
        // The seed's VM auto-restart: a guest that hangs stops feeding the watchdog (systemd's
        // RuntimeWatchdogSec), and the emulated i6300esb resets the VM. It is idle until the guest opens it.
        Element watchdog = child(devices, "watchdog");
        watchdog.setAttribute("model", "i6300esb");
        watchdog.setAttribute("action", "reset");
        // Memory is sized and NUMA-placed by the planner; a balloon could only take it back behind the kubelet's back.
        child(devices, "memballoon").setAttribute("model", "none");
    }

    private static Element driver(Element disk, String format) {
        Element driver = child(disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        return driver;
    }

    private static void target(Element disk, String dev) {
        Element target = child(disk, "target");
        target.setAttribute("dev", dev);
        target.setAttribute("bus", "virtio");
    }

    private static Element child(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElement(name);
        parent.appendChild(element);
        return element;
    }

    private static Element text(Element parent, String name, String text) {
        Element element = child(parent, name);
        element.setTextContent(text);
        return element;
    }

    private static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser is not configurable", e);
        }
    }

    private static String serialize(Document doc) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize domain XML", e);
        }
    }
}
