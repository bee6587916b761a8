package org.locness.inference.model;

import ai.djl.pytorch.jni.JniUtils;

/** PyTorch's intra-op thread count for the calling thread; call only after the engine started. */
final class IntraOpThreads {

    private IntraOpThreads() {
    }

    /**
     * PyTorch's OpenMP backend keeps the intra-op thread count per calling thread. Reading it
     * first also runs PyTorch's once-per-thread initialisation, which would otherwise overwrite
     * our value with the last count any thread set.
     */
    static void apply(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
