package org.locness.inference.prompt;

import java.util.List;

/** A rendered prompt, its size in the model's tokens, and which details were dropped to fit. */
public record Prompt(String text, int tokens, String signature, List<String> trimmed) {
    public Prompt {
        trimmed = List.copyOf(trimmed);
    }
}
