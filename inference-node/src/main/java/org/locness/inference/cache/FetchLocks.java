package org.locness.inference.cache;

/**
 * Striped in-process locks by file name, so that the models of one process needing the same file at
 * the same moment fetch it once: the first downloads, the others then find it. Processes still race
 * (each writes its own temporary file and the renames agree); this only saves the duplicate downloads.
 */
public final class FetchLocks {
    private static final int STRIPES = 64;
    private final Object[] stripes = new Object[STRIPES];

    public FetchLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** The monitor guarding fetches of {@code fileName}. */
    public Object of(String fileName) {
        return stripes[Math.floorMod(fileName.hashCode(), STRIPES)];
    }
}
