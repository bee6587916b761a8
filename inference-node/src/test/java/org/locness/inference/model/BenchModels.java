package org.locness.inference.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Llama-shaped KV-cache models written by {@code models/generate_bench_model.py} with Debian's
 * python torch, for tests (size {@code tiny-test}, in a temp dir) and benchmarks (real sizes,
 * under {@code target/}). Never committed: they are generated when needed.
 */
final class BenchModels {

    private BenchModels() {
    }

    /** {@code -Dlocness.python}, else Debian's {@code /usr/bin/python3}. */
    static Path python() {
        return Path.of(System.getProperty("locness.python", "/usr/bin/python3"));
    }

    /** Whether the python can import torch, i.e. can generate models. */
    static boolean pythonHasTorch() {
        if (!Files.isExecutable(python())) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(python().toString(), "-c", "import torch")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The model of size {@code params} in {@code dtype} (fp32, bf16, int8) in {@code dir},
     * generated unless a complete one written since the generator (or the tokenizer helpers it
     * imports) last changed is already there.
     */
    static Path generate(String params, String dtype, Path dir) throws IOException, InterruptedException {
        Path script = TinyModels.root().resolve("generate_bench_model.py");
        if (new ModelDirectory(dir).missingFiles().isEmpty() && writtenAfter(dir.resolve("model.pt"),
                script, TinyModels.root().resolve("generate_tiny_models.py"))) {
            return dir;
        }
        Process process = new ProcessBuilder(List.of(python().toString(), script.toString(),
                "--params", params, "--dtype", dtype, "--out", dir.toString()))
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " --params " + params + " --dtype " + dtype + " failed: " + out);
        }
        return dir;
    }

    private static boolean writtenAfter(Path file, Path... sources) throws IOException {
        for (Path source : sources) {
            if (Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(source)) <= 0) {
                return false;
            }
        }
        return true;
    }
}
