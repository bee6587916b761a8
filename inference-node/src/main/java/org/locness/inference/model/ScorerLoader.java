package org.locness.inference.model;

import org.locness.events.ensemble.ModelSpec;

/** Loads and warms up a model on the calling thread, which is the thread that will score with it. */
@FunctionalInterface
public interface ScorerLoader {
    LanguageModelScorer load(ModelSpec spec, int threads) throws Exception;
}
