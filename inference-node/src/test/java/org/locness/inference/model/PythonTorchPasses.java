package org.locness.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code models/bench_kv_python.py} kept running beside the benchmark: the same model in python
 * torch, one timed pass per call, so that DJL's and python's passes can take turns.
 */
final class PythonTorchPasses implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final JsonNode ready;

    private PythonTorchPasses(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.outputWriter(StandardCharsets.UTF_8);
        this.ready = TinyModels.JSON.readTree(answer("start"));
    }

    /** Loads {@code modelDir}, caches the prompt's first {@code prefixTokens} and warms both passes up. */
    static PythonTorchPasses start(Path modelDir, int threads, int tokens, int prefixTokens, int warmup) throws IOException {
        Path script = TinyModels.root().resolve("bench_kv_python.py");
        ProcessBuilder builder = new ProcessBuilder(List.of(BenchModels.python().toString(), script.toString(),
                "--model", modelDir.toString(), "--threads", String.valueOf(threads), "--tokens", String.valueOf(tokens),
                "--prefix-tokens", String.valueOf(prefixTokens), "--warmup", String.valueOf(warmup)));
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new PythonTorchPasses(builder.start());
    }

    String torchVersion() {
        return ready.get("torch").textValue();
    }

    /** The sum of the full prompt's last-position logits, to check python did DJL's work. */
    double lastLogitsSum() {
        return ready.get("last_logits_sum").doubleValue();
    }

    /** One timed pass over the whole prompt, in ms. */
    double full() throws IOException {
        return pass("full");
    }

    /** One timed pass over the prompt's own part after the cached prefix, in ms. */
    double own() throws IOException {
        return pass("own");
    }

    private double pass(String kind) throws IOException {
        in.write(kind + "\n");
        in.flush();
        return TinyModels.JSON.readTree(answer(kind)).get("ms").doubleValue();
    }

    private String answer(String request) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("bench_kv_python.py ended before answering " + request + " (see its stderr above)");
        }
        return line;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        in.close();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }
}
