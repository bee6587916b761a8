package org.locness.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The memory one model takes in a process of its own, as each inference pod holds one model: the
 * resident memory of a JVM that loaded the model, scored a full prompt and a job from a cached
 * prefix: its peak once the model was loaded, its peak overall ({@code VmHWM}) and with the model
 * and its prefix still held ({@code VmRSS}), each less that of a JVM that only started the engine.
 * Models loaded one after the other in one process cannot be told apart this way: a closed model's
 * memory stays in the allocator for the next.
 *
 * <p>{@link #measure} forks this class's {@link #main} with the calling JVM's classpath, options
 * and environment (so the same {@code GLIBC_TUNABLES}).
 */
final class ModelMemoryProbe {

    private static final String MEMORY_LINE = "resident-kib ";
    /** A 350m model's probe takes about a minute here; 1b's fp32 several. */
    private static final long PROBE_TIMEOUT_MINUTES = 30;

    private ModelMemoryProbe() {
    }

    /**
     * Resident memory of a process, in KiB: its peak once the model was loaded (before any pass),
     * its peak overall and its current.
     */
    record Resident(long loadPeakKib, long peakKib, long heldKib) {
        Resident minus(Resident baseline) {
            return new Resident(loadPeakKib - baseline.loadPeakKib, peakKib - baseline.peakKib, heldKib - baseline.heldKib);
        }
    }

    /** A fresh JVM's resident memory once it scored a full prompt and one job on the model in {@code dir}. */
    static Resident model(Path dir, int threads, int shared, int own) throws IOException, InterruptedException {
        return measure(dir.toString(), Integer.toString(threads), Integer.toString(shared), Integer.toString(own));
    }

    /** A fresh JVM's resident memory once it started the engine and ran one small product. */
    static Resident engineAlone() throws IOException, InterruptedException {
        return measure();
    }

    private static Resident measure(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ModelMemoryProbe.class.getName()));
        command.addAll(Arrays.asList(args));
        Path log = Files.createTempFile("memory-probe", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(PROBE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new IOException("the memory probe " + String.join(" ", args) + " did not end within "
                        + PROBE_TIMEOUT_MINUTES + " minutes:\n" + Files.readString(log));
            }
            return parse(process.exitValue(), Files.readString(log), args);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Resident parse(int status, String output, String... args) throws IOException {
        return output.lines().filter(line -> line.startsWith(MEMORY_LINE)).findFirst()
                .filter(line -> status == 0)
                .map(line -> line.substring(MEMORY_LINE.length()).trim().split(" "))
                .map(kib -> new Resident(Long.parseLong(kib[0]), Long.parseLong(kib[1]), Long.parseLong(kib[2])))
                .orElseThrow(() -> new IOException("the memory probe " + String.join(" ", args) + " exited with "
                        + status + ":\n" + output));
    }

    /** {@code [model-dir threads shared-tokens own-tokens]}: prints {@value #MEMORY_LINE}, then load peak, peak and held KiB. */
    public static void main(String[] args) throws IOException {
        try (NDManager manager = OfflinePyTorch.engine().newBaseManager();
                NDArray square = manager.ones(new Shape(64, 64))) {
            // The engine's own start-up work (thread pools, kernels) counts for the baseline, not the model.
            square.matMul(square).close();
        }
        if (args.length == 4) {
            int shared = Integer.parseInt(args[2]);
            long[] prompt = KvCacheBenchIT.ids(shared + Integer.parseInt(args[3]), 0);
            try (KvCacheModel model = KvCacheModel.load("probe", Path.of(args[0]), ModelOptions.withThreads(Integer.parseInt(args[1])))) {
                long loadPeak = statusKib("VmHWM:");
                try (CachedPrefix prefix = model.prefill(Arrays.copyOf(prompt, shared))) {
                    model.nextTokenLogits(null, List.of(prompt), 1);
                    model.nextTokenLogits(prefix, List.of(Arrays.copyOfRange(prompt, shared, prompt.length)), 1);
                    printResident(loadPeak);
                }
            }
        } else {
            printResident(statusKib("VmHWM:"));
        }
    }

    private static void printResident(long loadPeakKib) throws IOException {
        System.out.println(MEMORY_LINE + loadPeakKib + " " + statusKib("VmHWM:") + " " + statusKib("VmRSS:"));
    }

    private static long statusKib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " in /proc/self/status");
    }
}
