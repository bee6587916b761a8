package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same TorchScript model timed in DJL and in python torch, with equal threads and input.
 * It prints figures and gates nothing (only the {@code bench} profile runs it):
 *
 * <pre>
 * /work/mvnl -B -Pbench -pl inference-node -am verify -Dit.test=TorchScriptBenchmarkIT \
 *     -Dsurefire.skip=true -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * {@code -Dlocness.python} picks another interpreter than Debian's {@code /usr/bin/python3}.
 */
@Tag("bench")
class TorchScriptBenchmarkIT {

    private static final String MODEL = TinyModels.PLAIN;
    private static final int THREADS = 1;
    private static final int TOKENS = 256;
    private static final int WARMUP = 5;
    private static final int PASSES = 30;

    @Test
    void djlAgainstPythonTorch() throws Exception {
        Path python = Path.of(System.getProperty("locness.python", "/usr/bin/python3"));
        assumeTrue(Files.isExecutable(python), "no python at " + python);

        long[] ids = new long[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            ids[i] = i % 256;
        }
        double[] djlTimes = new double[PASSES];
        float[] logits;
        try (TorchScriptModel model = TorchScriptModel.load(MODEL, TinyModels.dir(MODEL), ModelOptions.withThreads(THREADS))) {
            for (int i = 0; i < WARMUP; i++) {
                model.nextTokenLogits(ids);
            }
            for (int i = 0; i < PASSES; i++) {
                long start = System.nanoTime();
                model.nextTokenLogits(ids);
                djlTimes[i] = (System.nanoTime() - start) / 1e6;
            }
            logits = model.nextTokenLogits(ids);
        }
        double djlSum = 0;
        for (float logit : logits) {
            djlSum += logit;
        }

        JsonNode py = runPython(python);
        assertEquals(py.get("last_logits_sum").doubleValue(), djlSum, 1e-3, "DJL and python computed different logits");

        double djlMedian = median(djlTimes);
        double pyMedian = py.get("median_ms").doubleValue();
        System.out.printf("%nBENCH TorchScript %s, %d tokens, %d intra-op thread(s), median of %d passes after %d warm-up:%n"
                        + "BENCH   DJL %s, libtorch %s: %.3f ms%n"
                        + "BENCH   python torch %s:      %.3f ms%n"
                        + "BENCH   DJL / python = %.2f%n%n",
                MODEL, TOKENS, THREADS, PASSES, WARMUP, Engine.getDjlVersion(), Engine.getEngine(OfflinePyTorch.ENGINE).getVersion(), djlMedian,
                py.get("torch").textValue(), pyMedian, djlMedian / pyMedian);
    }

    private static JsonNode runPython(Path python) throws IOException, InterruptedException {
        Path script = TinyModels.root().resolve("bench_python.py");
        ProcessBuilder builder = new ProcessBuilder(List.of(python.toString(), script.toString(),
                "--model", TinyModels.dir(MODEL).resolve(ModelDirectory.MODEL_FILE).toString(),
                "--threads", String.valueOf(THREADS), "--tokens", String.valueOf(TOKENS),
                "--warmup", String.valueOf(WARMUP), "--passes", String.valueOf(PASSES)));
        // Same OpenMP settings as the test JVM gets from the build.
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(THREADS));
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return TinyModels.JSON.readTree(out);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
