package org.locness.inference.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TorchScript causal language model with its Hugging Face tokenizer, run on DJL's PyTorch
 * engine with no network access.
 *
 * <p>The same loader serves the generated tiny models and a real Hugging Face model exported to
 * TorchScript (see {@code models/README.md}); the folder layout is {@link ModelDirectory}'s.
 *
 * <p>Thread safety: every method may be called from any thread. Each calling thread gets its own
 * DJL {@link Predictor} (predictors are not thread-safe) and its own intra-op thread count
 * ({@link ModelOptions#threads()}); forward passes from different threads share the one loaded
 * TorchScript module, which libtorch allows for inference. {@link #close()} waits for calls in
 * flight, and later calls fail with {@link IllegalStateException}.
 */
public final class TorchScriptModel implements LanguageModelScorer {

    private static final Logger LOG = LoggerFactory.getLogger(TorchScriptModel.class);

    private final String name;
    private final ModelConfig config;
    private final ModelOptions options;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<long[], float[]> model;
    private final long[] labelIds;
    private final ThreadLocal<Predictor<long[], float[]>> predictor = ThreadLocal.withInitial(this::newPredictor);
    /** Every predictor handed out, so close() can free them whichever thread made them. */
    private final Queue<Predictor<long[], float[]>> predictors = new ConcurrentLinkedQueue<>();
    private final ModelLifecycle lifecycle;

    private TorchScriptModel(String name, ModelConfig config, ModelOptions options,
            HuggingFaceTokenizer tokenizer, ZooModel<long[], float[]> model, long[] labelIds) {
        this.name = name;
        this.lifecycle = new ModelLifecycle(name);
        this.config = config;
        this.options = options;
        this.tokenizer = tokenizer;
        this.model = model;
        this.labelIds = labelIds;
    }

    /**
     * Loads the model in {@code dir} and checks it: every file present, every label exactly one
     * token, the module runnable and its vocabulary covering the labels. Does not warm up.
     *
     * @param name the model's name, for messages and logs
     * @throws ModelLoadException naming what is missing or wrong
     */
    public static TorchScriptModel load(String name, Path dir, ModelOptions options) {
        // Before any DJL class initialises: no telemetry probe, no model-zoo lookups.
        OfflinePyTorch.enableOfflineMode();
        long start = System.nanoTime();
        ModelDirectory directory = new ModelDirectory(dir);
        directory.requireComplete();
        ModelConfig config = ModelConfig.read(directory.configFile());
        TorchScriptModel loaded = LoadSequence.load(name, directory, config,
                (tokenizer, labelIds) -> new TorchScriptModel(name, config, options, tokenizer, loadModule(directory),
                        labelIds),
                model -> model.checkVocabulary(directory));
        LOG.info("loaded model {} from {} in {} ms: context limit {}, labels {} = token ids {}, {} intra-op thread(s)",
                name, dir.toAbsolutePath(), (System.nanoTime() - start) / 1_000_000, config.contextLimit(),
                config.labels(), Arrays.toString(loaded.labelIds), options.threads());
        return loaded;
    }

    /** The folder's tokenizer, set to encode prompts exactly as written. */
    static HuggingFaceTokenizer openTokenizer(ModelDirectory directory) {
        try {
            // Truncation off: an over-long prompt must fail loudly, never lose its end silently.
            // No special tokens: the prompt is scored exactly as written.
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(directory.tokenizerFile())
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load " + directory.tokenizerFile().toAbsolutePath()
                    + " as a Hugging Face tokenizer: " + e.getMessage(), e);
        }
    }

    /** The token id of each label, refusing labels that are not exactly one distinct token. */
    static long[] labelIds(String name, HuggingFaceTokenizer tokenizer, List<String> labels,
            ModelDirectory directory) {
        long[] ids = new long[labels.size()];
        for (int i = 0; i < ids.length; i++) {
            String label = labels.get(i);
            long[] encoded = tokenizer.encode(label, false, false).getIds();
            if (encoded.length != 1) {
                throw new ModelLoadException("label '" + label + "' of model " + name + " encodes to "
                        + encoded.length + " tokens " + Arrays.toString(encoded) + " with "
                        + directory.tokenizerFile().toAbsolutePath()
                        + "; each label must be exactly one token (mind the leading space)");
            }
            for (int j = 0; j < i; j++) {
                if (ids[j] == encoded[0]) {
                    throw new ModelLoadException("labels '" + labels.get(j) + "' and '" + label + "' of model "
                            + name + " are the same token " + encoded[0]);
                }
            }
            ids[i] = encoded[0];
        }
        return ids;
    }

    private static ZooModel<long[], float[]> loadModule(ModelDirectory directory) {
        Criteria<long[], float[]> criteria = Criteria.builder()
                .setTypes(long[].class, float[].class)
                .optEngine(OfflinePyTorch.ENGINE)
                .optDevice(Device.cpu())
                .optModelPath(directory.path())
                .optModelName(ModelDirectory.MODEL_NAME)
                .optTranslator(new LastPositionLogits())
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load " + directory.modelFile().toAbsolutePath()
                    + " as a TorchScript module: " + e.getMessage(), e);
        }
    }

    /**
     * One pass over token 0, which every vocabulary has: proves the module runs and that its
     * output covers every label id (a label id past the embedding would only fail mid-job).
     */
    private void checkVocabulary(ModelDirectory directory) {
        float[] logits;
        try {
            logits = nextTokenLogits(new long[] {0});
        } catch (InferenceException e) {
            throw new ModelLoadException(directory.modelFile().toAbsolutePath()
                    + " does not map token ids long[1, T] to logits float[1, T, V]: " + e.getMessage(), e);
        }
        for (int i = 0; i < labelIds.length; i++) {
            if (labelIds[i] >= logits.length) {
                throw new ModelLoadException("model " + name + " has " + logits.length + " logits per position but label '"
                        + config.labels().get(i) + "' is token " + labelIds[i] + ": "
                        + directory.tokenizerFile().toAbsolutePath() + " does not belong to " + directory.modelFile());
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int contextLimit() {
        return config.contextLimit();
    }

    @Override
    public List<String> labels() {
        return config.labels();
    }

    /** The token id of each label, in label order. */
    public long[] labelTokenIds() {
        return labelIds.clone();
    }

    /** The token ids of {@code text}: no special tokens, no truncation. */
    public long[] encode(String text) {
        return whileOpen(() -> tokenizer.encode(text, false, false).getIds());
    }

    @Override
    public int countTokens(String text) {
        return encode(text).length;
    }

    @Override
    public LabelDistribution score(String prompt) {
        long[] ids = encode(prompt);
        if (ids.length == 0) {
            throw new IllegalArgumentException("cannot score an empty prompt");
        }
        float[] logits = nextTokenLogits(ids);
        double[] labelLogits = new double[labelIds.length];
        for (int i = 0; i < labelIds.length; i++) {
            labelLogits[i] = logits[(int) labelIds[i]];
        }
        return LabelDistribution.softmax(config.labels(), labelLogits);
    }

    /**
     * The model's logits for the token after {@code ids}, over its whole vocabulary.
     *
     * @throws PromptTooLongException if there are more ids than the context limit
     * @throws InferenceException if the forward pass fails
     */
    public float[] nextTokenLogits(long[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("no token ids");
        }
        if (ids.length > config.contextLimit()) {
            throw new PromptTooLongException(name, ids.length, config.contextLimit());
        }
        return whileOpen(() -> {
            IntraOpThreads.apply(options.threads());
            try {
                return predictor.get().predict(ids);
            } catch (TranslateException | EngineException e) {
                throw new InferenceException("model " + name + " failed on " + ids.length + " tokens: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Runs {@link ModelOptions#warmupPasses()} forward passes so that PyTorch's graph executor has
     * profiled and optimised the module before the first timed job. Call it on the thread that
     * will score, so that thread's predictor and thread settings are ready too.
     *
     * @return how long the warm-up took
     */
    public Duration warmUp() {
        long[] ids = new long[Math.min(options.warmupTokens(), config.contextLimit())];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = labelIds[i % labelIds.length];
        }
        long start = System.nanoTime();
        for (int pass = 0; pass < options.warmupPasses(); pass++) {
            nextTokenLogits(ids);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("model {} warmed up: {} passes of {} tokens in {} ms", name, options.warmupPasses(), ids.length,
                took.toMillis());
        return took;
    }

    private Predictor<long[], float[]> newPredictor() {
        Predictor<long[], float[]> created = model.newPredictor();
        predictors.add(created);
        return created;
    }

    private <T> T whileOpen(Supplier<T> action) {
        return lifecycle.whileOpen(action);
    }

    @Override
    public void close() {
        lifecycle.close(() -> {
            for (Predictor<long[], float[]> created = predictors.poll(); created != null; created = predictors.poll()) {
                created.close();
            }
            model.close();
            tokenizer.close();
        });
    }
}
