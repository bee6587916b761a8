package org.locness.inference.prompt;

import java.util.List;

/**
 * A rendered prompt, its size in the model's tokens, and which details were dropped to fit.
 * {@code text} starts with {@code sharedLength} characters every job of the day has in common
 * (the template's lines before the first one about the job), so a model can keep their KV cache.
 */
public record Prompt(String text, int sharedLength, int tokens, String signature, List<String> trimmed) {
    public Prompt {
        if (sharedLength < 0 || sharedLength > text.length()) {
            throw new IllegalArgumentException("shared length " + sharedLength + " outside the prompt's "
                    + text.length() + " characters");
        }
        trimmed = List.copyOf(trimmed);
    }

    /** The part shared by the day's jobs; empty when the template starts with the job. */
    public String sharedPrefix() {
        return text.substring(0, sharedLength);
    }

    /** The job's own part, ending with the question. */
    public String ownPart() {
        return text.substring(sharedLength);
    }
}
