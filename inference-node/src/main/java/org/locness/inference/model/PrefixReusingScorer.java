package org.locness.inference.model;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KvCacheModel} serving the node: a day's jobs share their prompt's first part, whose KV
 * cache this keeps ({@link PrefixCache}, bounded; a new day's prefix is computed once and the
 * oldest one dropped), so each job is scored from it and pays only for its own tokens; several
 * jobs share a forward pass.
 */
public final class PrefixReusingScorer implements LanguageModelScorer {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixReusingScorer.class);

    private final KvCacheModel model;
    private final PrefixCache prefixes;

    /** Takes ownership of {@code model}; keeps at most {@code maxPrefixes} prefix caches. */
    public PrefixReusingScorer(KvCacheModel model, int maxPrefixes) {
        this.model = model;
        this.prefixes = new PrefixCache(model, maxPrefixes);
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int contextLimit() {
        return model.contextLimit();
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int countTokens(String text) {
        return model.countTokens(text);
    }

    @Override
    public LabelDistribution score(String prompt) {
        return model.score(prompt);
    }

    /**
     * From the cached prefix. A prefix whose last tokens would merge with a job's first ones (the
     * template's shared lines must end with a line break) cannot be reused: then each whole prompt
     * is scored, which gives the same numbers at the full cost, and a warning says why.
     */
    @Override
    public List<LabelDistribution> score(String sharedPrefix, List<String> ownParts, int maxBatch) {
        if (sharedPrefix.isEmpty()) {
            return model.scoreAll(ownParts, maxBatch);
        }
        try {
            return prefixes.score(sharedPrefix, ownParts, maxBatch);
        } catch (PrefixBoundaryException e) {
            LOG.warn("model {}: scoring whole prompts, the shared prefix cannot be reused: {}", name(), e.getMessage());
            List<String> whole = new ArrayList<>(ownParts.size());
            ownParts.forEach(own -> whole.add(sharedPrefix + own));
            return model.scoreAll(whole, maxBatch);
        }
    }

    /** How many prefixes were computed so far (a day's first job per model, and each change of context). */
    public long prefills() {
        return prefixes.prefills();
    }

    /** Native memory the cached prefixes take. */
    public long cachedBytes() {
        return prefixes.bytes();
    }

    @Override
    public void close() {
        prefixes.close();
        model.close();
    }
}
