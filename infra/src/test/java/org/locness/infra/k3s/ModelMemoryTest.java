package org.locness.infra.k3s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every model pod's memory holds its weights. A model's size is declared once, on its Deployment
 * ({@code locness.io/params}, with the precision of its export in {@code locness.io/weights}); the
 * limit must hold the weights with {@value #HEADROOM}x headroom (KV cache, activations, libtorch's
 * arenas, the JVM), and the request, which the scheduler reserves, at least the weights.
 */
class ModelMemoryTest {
    static final double HEADROOM = 1.3;
    private static final Map<String, Integer> BYTES_PER_PARAM = Map.of("bf16", 2, "fp16", 2, "fp32", 4);

    private record ModelPod(String model, double params, String weights, long requestBytes, long limitBytes) {
        long weightBytes(String precision) {
            return (long) (params * BYTES_PER_PARAM.get(precision));
        }
    }

    private static List<ModelPod> modelPods() throws Exception {
        List<ModelPod> pods = new ArrayList<>();
        for (JsonNode workload : Kustomize.workloads(Kustomize.homelab())) {
            JsonNode c = Kustomize.containers(workload).get(0);
            if (!"inference-node".equals(c.path("args").path(0).asText())) {
                continue;
            }
            JsonNode annotations = workload.path("metadata").path("annotations");
            String model = workload.path("metadata").path("labels").path("locness.io/model").asText();
            assertTrue(annotations.has("locness.io/params") && annotations.has("locness.io/weights"),
                    Kustomize.id(workload) + " declares its size: locness.io/params and locness.io/weights");
            String weights = annotations.path("locness.io/weights").asText();
            assertTrue(BYTES_PER_PARAM.containsKey(weights), model + ": unknown precision " + weights);
            JsonNode resources = c.path("resources");
            pods.add(new ModelPod(model, Double.parseDouble(annotations.path("locness.io/params").asText()), weights,
                    Quantity.bytes(resources.path("requests").path("memory").asText()),
                    Quantity.bytes(resources.path("limits").path("memory").asText())));
        }
        assertEquals(6, pods.size());
        return pods;
    }

    @Test
    void everyModelsLimitHoldsItsExportWithHeadroomAndItsRequestHoldsTheWeights() throws Exception {
        for (ModelPod pod : modelPods()) {
            long weights = pod.weightBytes(pod.weights());
            assertTrue(pod.limitBytes() >= HEADROOM * weights, pod.model() + ": limit " + (pod.limitBytes() >> 20) + " MiB < " + HEADROOM
                    + " x its " + pod.weights() + " export of " + (weights >> 20) + " MiB");
            assertTrue(pod.requestBytes() >= weights, pod.model() + ": request " + (pod.requestBytes() >> 20) + " MiB < its weights "
                    + (weights >> 20) + " MiB");
        }
    }

    /** Why the exports are bf16: at fp32 (about 34 GB for gemma-7b's 8.5 B parameters) the seed's limits do not hold them. */
    @Test
    void fp32ExportsWouldNotFitTheLimits() throws Exception {
        List<String> tooBig = modelPods().stream().filter(p -> p.limitBytes() < HEADROOM * p.weightBytes("fp32")).map(ModelPod::model)
                .sorted().toList();
        assertTrue(tooBig.contains("gemma-7b"), tooBig.toString());
        assertFalse(modelPods().stream().anyMatch(p -> p.weights().equals("fp32") && tooBig.contains(p.model())));
    }

    /** The README's table shows the sizes the Deployments declare, so the documentation cannot drift from the check. */
    @Test
    void theReadmeTableShowsTheDeclaredSizes() throws Exception {
        String readme = Files.readString(Kustomize.K3S.resolve("README.md"));
        for (ModelPod pod : modelPods()) {
            String row = "| " + pod.model() + " | " + String.format(java.util.Locale.ROOT, "%.2e", pod.params()).replace("e+0", "e") + " | "
                    + pod.weights() + " |";
            assertTrue(readme.contains(row), "infra/k3s/README.md lacks the row starting " + row);
        }
    }
}
