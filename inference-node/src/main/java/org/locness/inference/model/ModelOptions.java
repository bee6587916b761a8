package org.locness.inference.model;

/**
 * How one model runs.
 *
 * <p>{@code threads} is PyTorch's intra-op thread count for this model. It is applied to each
 * thread that calls the model (PyTorch keeps it per calling thread with its OpenMP backend), so
 * models sharing a process can each have their own. Inter-op threads are process-wide in PyTorch
 * and only serve TorchScript {@code fork}, which exported causal LMs do not use; set them, if at
 * all, with {@code -Dai.djl.pytorch.num_interop_threads} before the first model loads.
 *
 * @param threads intra-op threads per calling thread, at least 1
 * @param warmupPasses forward passes {@link TorchScriptModel#warmUp()} runs
 * @param warmupTokens input length of each warm-up pass (capped at the context limit); short,
 *     because a real 7B model on CPU takes seconds per hundred tokens
 */
public record ModelOptions(int threads, int warmupPasses, int warmupTokens) {

    public ModelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (warmupPasses < 0) {
            throw new IllegalArgumentException("warmupPasses must not be negative, got " + warmupPasses);
        }
        if (warmupTokens < 1) {
            throw new IllegalArgumentException("warmupTokens must be at least 1, got " + warmupTokens);
        }
    }

    /** {@code threads} intra-op threads, 3 warm-up passes of 32 tokens. */
    public static ModelOptions withThreads(int threads) {
        return new ModelOptions(threads, 3, 32);
    }
}
