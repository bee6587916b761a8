package org.locness.inference.model;

import java.io.IOException;
import java.nio.file.Path;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.lake.LakeKeys;

/**
 * Loads an ensemble member: from its local folder, or from {@code lake:models/<model>/} through
 * the node's model cache (fetched once, then reused). A module that hands back its KV cache
 * ({@code "interface": "kv-cache"} in config.json) serves as a {@link PrefixReusingScorer}; one
 * that gives only logits as a {@link TorchScriptModel}, scoring each whole prompt.
 */
public final class ModelLoader implements ScorerLoader {
    private final ModelCache cache;
    private final int maxPrefixes;

    /** {@code maxPrefixes}: how many shared-prefix KV caches each model keeps. */
    public ModelLoader(ModelCache cache, int maxPrefixes) {
        this.cache = cache;
        this.maxPrefixes = maxPrefixes;
    }

    /** Loads the model and warms it up on the calling thread, so that thread's predictor is ready too. */
    @Override
    public LanguageModelScorer load(ModelSpec spec, int threads) throws IOException {
        Path dir = directory(spec);
        String name = spec.name().value();
        ModelOptions options = ModelOptions.withThreads(threads);
        if (isKvCache(dir)) {
            KvCacheModel model = KvCacheModel.load(name, dir, options);
            warmUp(model, model::warmUp);
            return new PrefixReusingScorer(model, maxPrefixes);
        }
        TorchScriptModel model = TorchScriptModel.load(name, dir, options);
        warmUp(model, model::warmUp);
        return model;
    }

    /**
     * The model in a local folder as its interface says, not warmed up: for tools that only count
     * tokens or score a few prompts.
     */
    public static LanguageModelScorer open(String name, Path dir, ModelOptions options) {
        return isKvCache(dir) ? KvCacheModel.load(name, dir, options) : TorchScriptModel.load(name, dir, options);
    }

    private static boolean isKvCache(Path dir) {
        ModelDirectory directory = new ModelDirectory(dir);
        directory.requireComplete();
        return ModelConfig.read(directory.configFile()).kvCache();
    }

    private static void warmUp(LanguageModelScorer model, Runnable warmUp) {
        try {
            warmUp.run();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
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
