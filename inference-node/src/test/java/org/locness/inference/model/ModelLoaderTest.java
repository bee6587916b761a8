package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.ensemble.CpuSet;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

class ModelLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aLakeLocationMustBeTheModelsOwnPrefix() {
        ModelLoader loader = new ModelLoader(new ModelCache(dir, (model, target) -> {
            throw new AssertionError("nothing is fetched for a misnamed location");
        }), 2);
        ModelSpec spec = new ModelSpec(ModelName.of("gemma-7b"), NodeName.of("vm1"), 1.0, 1, CpuSet.parse("0"),
                "lake:models/mistral-7b/", 512, List.of(" up", " down", " flat"), "{question}");

        ModelLoadException e = assertThrows(ModelLoadException.class, () -> loader.load(spec, 1));

        assertEquals("model gemma-7b has location lake:models/mistral-7b/, but models in the lake live under their own"
                + " name: lake:models/gemma-7b/", e.getMessage());
    }
}
