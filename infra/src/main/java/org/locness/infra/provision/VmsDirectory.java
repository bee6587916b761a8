package org.locness.infra.provision;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.locness.infra.provision.model.HostSpec;
import org.locness.infra.provision.model.VmSpec;

/**
 * A directory of specs: {@code host.json} plus one JSON file per VM. A file named
 * {@code <stem>-corrected.json} replaces {@code <stem>.json}, so a faulty spec can be kept beside
 * its fix for the record (the seed's {@code vm3.json}) without both being planned.
 */
public record VmsDirectory(HostSpec host, List<VmSpec> vms, List<String> notes) {
    public static final String HOST_FILE = "host.json";
    static final String CORRECTED_SUFFIX = "-corrected.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public VmsDirectory {
        vms = List.copyOf(vms);
        notes = List.copyOf(notes);
    }

    /** Reads the directory; throws {@link IllegalArgumentException} naming the file for anything unusable. */
    public static VmsDirectory load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory of VM specs");
        }
        HostSpec host = readHost(dir.resolve(HOST_FILE));
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals(HOST_FILE)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<String> notes = new ArrayList<>();
        List<VmSpec> vms = new ArrayList<>();
        Map<String, Path> byName = new HashMap<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(CORRECTED_SUFFIX)) {
                Path corrected = file.resolveSibling(fileName.substring(0, fileName.length() - ".json".length()) + CORRECTED_SUFFIX);
                if (Files.exists(corrected)) {
                    notes.add("using " + corrected.getFileName() + " in place of " + fileName);
                    continue;
                }
            }
            VmSpec vm = readVm(file);
            Path earlier = byName.put(vm.name(), file);
            if (earlier != null) {
                throw new IllegalArgumentException(file + ": domain " + vm.name() + " is already defined by " + earlier.getFileName());
            }
            vms.add(vm);
        }
        if (vms.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no VM specs (*.json besides " + HOST_FILE + ")");
        }
        return new VmsDirectory(host, vms, notes);
    }

    public static VmSpec readVm(Path file) {
        return read(file, VmSpec.class);
    }

    public static HostSpec readHost(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: describe the host's NUMA nodes, cores and memory there");
        }
        return read(file, HostSpec.class);
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (ValueInstantiationException e) {
            // Our own validation message, without Jackson's wrapping.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(file + ": " + cause.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
