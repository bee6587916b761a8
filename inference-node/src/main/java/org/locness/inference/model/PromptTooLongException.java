package org.locness.inference.model;

/**
 * A prompt has more tokens than the model's context limit. The prompt builder trims prompts
 * before scoring; the model refuses rather than silently cutting one.
 */
public class PromptTooLongException extends RuntimeException {

    private final int tokens;
    private final int contextLimit;

    public PromptTooLongException(String model, int tokens, int contextLimit) {
        super("prompt for model " + model + " has " + tokens + " tokens, over its context limit of "
                + contextLimit);
        this.tokens = tokens;
        this.contextLimit = contextLimit;
    }

    /** The prompt's token count. */
    public int tokens() {
        return tokens;
    }

    /** The model's context limit. */
    public int contextLimit() {
        return contextLimit;
    }
}
