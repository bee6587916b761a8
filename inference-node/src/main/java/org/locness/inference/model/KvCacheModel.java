package org.locness.inference.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TorchScript causal language model that hands back its KV cache, so a prompt prefix shared by
 * many jobs is computed once ({@link #prefill}) and each job pays only for its own tokens
 * ({@link #score(CachedPrefix, String)}); and that scores several prompts in one forward pass.
 *
 * <p>The module's interface (written by {@code models/generate_bench_model.py}; see
 * {@code models/README.md} for a Hugging Face export):
 *
 * <pre>
 * forward(input_ids long[B, T], past_k [L, B, H, P, D], past_v [L, B, H, P, D],
 *         attention_mask long[B, P + T] = all ones)
 *   -> (logits float[B, V] at the last position, present_k [L, B, H, P + T, D], present_v)
 * </pre>
 *
 * Rows are padded on the left, so that every row's last position is its last real token; the
 * mask marks padding and the module counts positions over real tokens only, which makes a padded
 * row score exactly as it would alone. A module without the mask argument still serves
 * single prompts, prefixes, and batches of equal-length rows. Cache tensors may be in the
 * model's own dtype (e.g. bfloat16): Java never creates such arrays (DJL 0.36 cannot), it only
 * passes back what the module returned, and hands an empty cache as float32 for the module to
 * cast.
 *
 * <p>Loading goes through the same checks as {@link TorchScriptModel}: the folder's files, the
 * offline engine, one-token labels, and a forward pass proving the interface and vocabulary.
 * Thread safety: as {@link TorchScriptModel}; each call applies {@link ModelOptions#threads()}
 * to the calling thread.
 */
public final class KvCacheModel implements LanguageModelScorer {

    private static final Logger LOG = LoggerFactory.getLogger(KvCacheModel.class);

    private final String name;
    private final ModelConfig config;
    private final ModelOptions options;
    private final KvCacheLayout layout;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<NDList, NDList> model;
    private final long[] labelIds;
    private final ModelLifecycle lifecycle;
    private boolean takesMask;

    private KvCacheModel(String name, ModelConfig config, ModelOptions options, KvCacheLayout layout,
            HuggingFaceTokenizer tokenizer, ZooModel<NDList, NDList> model, long[] labelIds) {
        this.name = name;
        this.lifecycle = new ModelLifecycle(name);
        this.config = config;
        this.options = options;
        this.layout = layout;
        this.tokenizer = tokenizer;
        this.model = model;
        this.labelIds = labelIds;
    }

    /**
     * Loads and checks the model in {@code dir}; its {@code config.json} also gives the cache
     * shape ({@link KvCacheLayout}). Does not warm up.
     *
     * @throws ModelLoadException naming what is missing or wrong
     */
    public static KvCacheModel load(String name, Path dir, ModelOptions options) {
        OfflinePyTorch.enableOfflineMode();
        long start = System.nanoTime();
        ModelDirectory directory = new ModelDirectory(dir);
        directory.requireComplete();
        ModelConfig config = ModelConfig.read(directory.configFile());
        KvCacheLayout layout = KvCacheLayout.read(directory.configFile());
        KvCacheModel loaded = LoadSequence.load(name, directory, config,
                (tokenizer, labelIds) -> new KvCacheModel(name, config, options, layout, tokenizer,
                        loadModule(directory), labelIds),
                model -> model.checkInterface(directory));
        LOG.info("loaded KV-cache model {} from {} in {} ms: context limit {}, cache {}, attention mask {}, labels {} = token ids {}, {} intra-op thread(s)",
                name, dir.toAbsolutePath(), (System.nanoTime() - start) / 1_000_000, config.contextLimit(), layout,
                loaded.takesMask ? "yes" : "no (batches of equal-length rows only)", config.labels(),
                Arrays.toString(loaded.labelIds), options.threads());
        return loaded;
    }

    private static ZooModel<NDList, NDList> loadModule(ModelDirectory directory) {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(OfflinePyTorch.ENGINE)
                .optDevice(Device.cpu())
                .optModelPath(directory.path())
                .optModelName(ModelDirectory.MODEL_NAME)
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load " + directory.modelFile().toAbsolutePath()
                    + " as a TorchScript module: " + e.getMessage(), e);
        }
    }

    /**
     * One token through the module, with and without a mask: proves the cache interface, the
     * cache shape in config.json and that the logits cover every label id.
     */
    private void checkInterface(ModelDirectory directory) {
        List<float[]> logits;
        try {
            logits = forward(null, List.of(new long[] {labelIds[0]}), false);
        } catch (InferenceException e) {
            throw new ModelLoadException(directory.modelFile().toAbsolutePath()
                    + " does not run as forward(input_ids long[B, T], past_k, past_v [L, B, H, P, D])"
                    + " -> (logits float[B, V], present_k, present_v) with the cache shape " + layout
                    + " of config.json: " + e.getMessage(), e);
        }
        for (int i = 0; i < labelIds.length; i++) {
            if (labelIds[i] >= logits.get(0).length) {
                throw new ModelLoadException("model " + name + " has " + logits.get(0).length + " logits but label '"
                        + config.labels().get(i) + "' is token " + labelIds[i] + ": "
                        + directory.tokenizerFile().toAbsolutePath() + " does not belong to " + directory.modelFile());
            }
        }
        try {
            forward(null, List.of(new long[] {labelIds[0]}), true);
            takesMask = true;
        } catch (InferenceException e) {
            LOG.info("model {} takes no attention mask ({}); rows of different lengths are scored one by one",
                    name, e.getMessage());
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

    /** Whether the module takes an attention mask, so rows of different lengths share a pass. */
    public boolean padsBatches() {
        return takesMask;
    }

    /** The token ids of {@code text}: no special tokens, no truncation. */
    public long[] encode(String text) {
        return whileOpen(() -> tokenizer.encode(text, false, false).getIds());
    }

    @Override
    public int countTokens(String text) {
        return encode(text).length;
    }

    /** The whole prompt in one pass, with an empty cache. */
    @Override
    public LabelDistribution score(String prompt) {
        return scoreAll(List.of(prompt)).get(0);
    }

    /** Several whole prompts, batched in passes of up to {@code maxBatch} rows. */
    public List<LabelDistribution> scoreAll(List<String> prompts, int maxBatch) {
        List<long[]> rows = new ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            rows.add(nonEmpty(encode(prompt)));
        }
        return distributions(nextTokenLogits(null, rows, maxBatch));
    }

    /** Several whole prompts in one pass. */
    public List<LabelDistribution> scoreAll(List<String> prompts) {
        return scoreAll(prompts, Math.max(1, prompts.size()));
    }

    /**
     * Runs {@code prefixText} through the model and keeps its cache. The text should end where
     * a token must end anyway (a line break): each suffix is encoded on its own, and
     * {@link #score(CachedPrefix, String)} refuses one whose tokens would merge across the
     * boundary.
     */
    public CachedPrefix prefill(String prefixText) {
        return prefill(prefixText, nonEmpty(encode(prefixText)));
    }

    /** As {@link #prefill(String)}, for token ids. */
    public CachedPrefix prefill(long[] ids) {
        return prefill(null, nonEmpty(ids));
    }

    private CachedPrefix prefill(String text, long[] ids) {
        requireWithinLimit(ids.length);
        return whileOpen(() -> {
            IntraOpThreads.apply(options.threads());
            NDManager memory = model.getNDManager().newSubManager();
            try (NDManager call = model.getNDManager().newSubManager()) {
                NDList out = run(call, null, List.of(ids), false);
                NDArray keys = out.get(1);
                NDArray values = out.get(2);
                keys.attach(memory);
                values.attach(memory);
                return new CachedPrefix(this, text, ids, memory, keys, values);
            } catch (RuntimeException e) {
                memory.close();
                throw e;
            }
        });
    }

    /** One job's own part after a cached prefix. */
    public LabelDistribution score(CachedPrefix prefix, String suffix) {
        return score(prefix, List.of(suffix), 1).get(0);
    }

    /**
     * Several jobs' own parts after one cached prefix, batched in passes of up to
     * {@code maxBatch} rows.
     *
     * @throws PrefixBoundaryException if a suffix's tokens would merge with the prefix's
     */
    public List<LabelDistribution> score(CachedPrefix prefix, List<String> suffixes, int maxBatch) {
        String text = prefix.text();
        if (text == null) {
            throw new IllegalArgumentException("the prefix was given as token ids; score token ids after it");
        }
        long[] prefixIds = prefix.ids();
        List<long[]> rows = new ArrayList<>(suffixes.size());
        for (String suffix : suffixes) {
            long[] ids = nonEmpty(encode(suffix));
            long[] together = encode(text + suffix);
            if (together.length != prefixIds.length + ids.length
                    || !Arrays.equals(together, 0, prefixIds.length, prefixIds, 0, prefixIds.length)) {
                throw new PrefixBoundaryException("the suffix's first tokens merge with the prefix's last ones;"
                        + " end the shared prefix where a token ends (e.g. at a line break): "
                        + abbreviate(text, suffix));
            }
            rows.add(ids);
        }
        return distributions(nextTokenLogits(prefix, rows, maxBatch));
    }

    /**
     * The logits for the token after each row, over the whole vocabulary. Rows are scored after
     * {@code prefix} (or alone when it is {@code null}), in passes of up to {@code maxBatch}
     * rows; rows of different lengths share a pass only if the module takes a mask.
     *
     * @throws PromptTooLongException if a prefix plus row is over the context limit
     * @throws InferenceException if a forward pass fails
     */
    public List<float[]> nextTokenLogits(CachedPrefix prefix, List<long[]> rows, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (prefix != null && prefix.owner() != this) {
            throw new IllegalArgumentException("the prefix belongs to model " + prefix.owner().name() + ", not " + name);
        }
        int prefixTokens = prefix == null ? 0 : prefix.tokens();
        for (long[] row : rows) {
            nonEmpty(row);
            requireWithinLimit(prefixTokens + row.length);
        }
        List<float[]> logits = new ArrayList<>(rows.size());
        int from = 0;
        while (from < rows.size()) {
            int to = Math.min(rows.size(), from + maxBatch);
            if (!takesMask) {
                // Without a mask only rows of the first row's length may share the pass.
                int length = rows.get(from).length;
                int end = from + 1;
                while (end < to && rows.get(end).length == length) {
                    end++;
                }
                to = end;
            }
            List<long[]> batch = rows.subList(from, to);
            logits.addAll(usingPrefix(prefix, () -> forward(prefix, batch, takesMask && unequal(batch))));
            from = to;
        }
        return logits;
    }

    private <T> T usingPrefix(CachedPrefix prefix, Supplier<T> action) {
        if (prefix == null) {
            return action.get();
        }
        if (!prefix.retain()) {
            throw new IllegalStateException("the cached prefix of model " + name + " is closed");
        }
        try {
            return action.get();
        } finally {
            prefix.release();
        }
    }

    private List<float[]> forward(CachedPrefix prefix, List<long[]> rows, boolean withMask) {
        return whileOpen(() -> {
            IntraOpThreads.apply(options.threads());
            try (NDManager call = model.getNDManager().newSubManager()) {
                NDArray logits = run(call, prefix, rows, withMask).get(0);
                Shape shape = logits.getShape();
                if (shape.dimension() != 2 || shape.get(0) != rows.size()) {
                    throw new InferenceException("model " + name + " returned logits of shape " + shape + " for "
                            + rows.size() + " row(s), not float[B, V]");
                }
                float[] flat = logits.toFloatArray();
                int vocabulary = (int) shape.get(1);
                List<float[]> perRow = new ArrayList<>(rows.size());
                for (int r = 0; r < rows.size(); r++) {
                    perRow.add(Arrays.copyOfRange(flat, r * vocabulary, (r + 1) * vocabulary));
                }
                return perRow;
            }
        });
    }

    /**
     * One forward pass; its outputs belong to {@code call} (DJL attaches them to the first
     * input's manager).
     */
    private NDList run(NDManager call, CachedPrefix prefix, List<long[]> rows, boolean withMask) {
        int batch = rows.size();
        int width = 0;
        for (long[] row : rows) {
            width = Math.max(width, row.length);
        }
        int past = prefix == null ? 0 : prefix.tokens();
        long[] ids = new long[batch * width];
        long[] mask = new long[batch * (past + width)];
        for (int r = 0; r < batch; r++) {
            long[] row = rows.get(r);
            int pad = width - row.length;
            System.arraycopy(row, 0, ids, r * width + pad, row.length);
            Arrays.fill(mask, r * (past + width), r * (past + width) + past, 1);
            Arrays.fill(mask, r * (past + width) + past + pad, (r + 1) * (past + width), 1);
        }
        NDList inputs = new NDList(call.create(ids, new Shape(batch, width)));
        if (prefix == null) {
            Shape empty = new Shape(layout.layers(), batch, layout.heads(), 0, layout.headDim());
            inputs.add(call.zeros(empty));
            inputs.add(call.zeros(empty));
        } else {
            inputs.add(forBatch(call, prefix.keys(), batch));
            inputs.add(forBatch(call, prefix.values(), batch));
        }
        if (withMask) {
            inputs.add(call.create(mask, new Shape(batch, past + width)));
        }
        NDList out;
        try {
            Block block = model.getBlock();
            out = block.forward(new ParameterStore(call, false), inputs, false);
        } catch (EngineException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new InferenceException("model " + name + " failed on " + batch + " row(s) of up to " + width
                    + " tokens after " + past + " cached: " + e.getMessage(), e);
        }
        if (out.size() != 3) {
            throw new InferenceException("model " + name + " returned " + out.size()
                    + " tensors, not (logits, present_k, present_v)");
        }
        return out;
    }

    /** The prefix cache for {@code batch} rows: a broadcast view owned by this call. */
    private static NDArray forBatch(NDManager call, NDArray cache, int batch) {
        if (batch == 1) {
            return cache;
        }
        Shape shape = cache.getShape();
        NDArray expanded = cache.broadcast(new Shape(shape.get(0), batch, shape.get(2), shape.get(3), shape.get(4)));
        expanded.attach(call);
        return expanded;
    }

    /**
     * Runs {@link ModelOptions#warmupPasses()} passes of {@link ModelOptions#warmupTokens()}
     * tokens, cached and not, so the graph executor has optimised both paths.
     */
    public void warmUp() {
        long[] ids = new long[Math.max(2, Math.min(options.warmupTokens(), config.contextLimit()))];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = labelIds[i % labelIds.length];
        }
        long[] half = Arrays.copyOf(ids, ids.length / 2);
        for (int pass = 0; pass < options.warmupPasses(); pass++) {
            try (CachedPrefix prefix = prefill(half)) {
                nextTokenLogits(prefix, List.of(half), 1);
            }
        }
    }

    private List<LabelDistribution> distributions(List<float[]> logits) {
        List<LabelDistribution> result = new ArrayList<>(logits.size());
        for (float[] row : logits) {
            double[] labelLogits = new double[labelIds.length];
            for (int i = 0; i < labelIds.length; i++) {
                labelLogits[i] = row[(int) labelIds[i]];
            }
            result.add(LabelDistribution.softmax(config.labels(), labelLogits));
        }
        return result;
    }

    private static boolean unequal(List<long[]> rows) {
        for (long[] row : rows) {
            if (row.length != rows.get(0).length) {
                return true;
            }
        }
        return false;
    }

    private void requireWithinLimit(int tokens) {
        if (tokens > config.contextLimit()) {
            throw new PromptTooLongException(name, tokens, config.contextLimit());
        }
    }

    private static long[] nonEmpty(long[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("cannot score an empty prompt");
        }
        return ids;
    }

    private static String abbreviate(String prefix, String suffix) {
        String end = prefix.length() > 20 ? prefix.substring(prefix.length() - 20) : prefix;
        String start = suffix.length() > 20 ? suffix.substring(0, 20) : suffix;
        return "..." + end + "|" + start + "...";
    }

    private <T> T whileOpen(Supplier<T> action) {
        return lifecycle.whileOpen(action);
    }

    /** Frees the module and every prefix still cached from it. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            model.close();
            tokenizer.close();
        });
    }
}
