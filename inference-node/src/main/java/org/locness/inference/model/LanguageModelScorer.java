package org.locness.inference.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A language model seen as a classifier: it reads a prompt and says how likely each label
 * (e.g. {@code " up"}, {@code " down"}, {@code " flat"}) is as the next token.
 *
 * <p>This is all the rest of the node needs from a model, so engine types stay behind it.
 */
public interface LanguageModelScorer extends AutoCloseable {

    /** The model's name, as in the ensemble file. */
    String name();

    /** The most tokens a prompt may have; {@link #score} refuses longer prompts. */
    int contextLimit();

    /** The label candidates, in the order {@link LabelDistribution} lists them. */
    List<String> labels();

    /**
     * Counts the tokens of {@code text} exactly as {@link #score} would see them (no special
     * tokens, no truncation), so a prompt builder can trim to {@link #contextLimit()}.
     */
    int countTokens(String text);

    /**
     * Scores one prompt by the next-token probabilities of the labels, renormalised over the
     * labels.
     *
     * @throws PromptTooLongException if the prompt has more than {@link #contextLimit()} tokens
     * @throws InferenceException if the forward pass fails
     */
    LabelDistribution score(String prompt);

    /**
     * Scores prompts that all start with {@code sharedPrefix} (each is {@code sharedPrefix} followed
     * by one of {@code ownParts}), in passes of up to {@code maxBatch} prompts. Gives what
     * {@link #score(String)} gives for each whole prompt; a model that keeps KV caches computes the
     * prefix once and each prompt pays only for its own part. This default scores each whole prompt
     * alone.
     */
    default List<LabelDistribution> score(String sharedPrefix, List<String> ownParts, int maxBatch) {
        List<LabelDistribution> scored = new ArrayList<>(ownParts.size());
        for (String own : ownParts) {
            scored.add(score(sharedPrefix + own));
        }
        return scored;
    }

    /** Releases native memory; the scorer cannot be used afterwards. */
    @Override
    void close();
}
