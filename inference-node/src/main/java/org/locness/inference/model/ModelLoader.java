package org.locness.inference.model;

import java.io.IOException;
import java.nio.file.Path;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.lake.LakeKeys;

/**
 * Loads an ensemble member as a TorchScript model: from its local folder, or from
 * {@code lake:models/<model>/} through the node's model cache (fetched once, then reused).
 */
public final class ModelLoader implements ScorerLoader {
    private final ModelCache cache;

    public ModelLoader(ModelCache cache) {
        this.cache = cache;
    }

    /** Loads the model and warms it up on the calling thread, so that thread's predictor is ready too. */
    @Override
    public LanguageModelScorer load(ModelSpec spec, int threads) throws IOException {
        TorchScriptModel model = TorchScriptModel.load(spec.name().value(), directory(spec),
                ModelOptions.withThreads(threads));
        try {
            model.warmUp();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private Path directory(ModelSpec spec) throws IOException {
        if (!spec.fromLake()) {
            return Path.of(spec.location());
        }
        String expected = ModelSpec.LAKE_PREFIX + LakeKeys.modelPrefix(spec.name());
        String location = spec.location().endsWith("/") ? spec.location() : spec.location() + "/";
        if (!location.equals(expected)) {
            throw new ModelLoadException("model " + spec.name() + " has location " + spec.location()
                    + ", but models in the lake live under their own name: " + expected);
        }
        return cache.resolve(spec.name()).path();
    }
}
