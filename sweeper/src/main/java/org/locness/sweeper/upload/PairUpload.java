package org.locness.sweeper.upload;

/**
 * Where each file of a pair ended up after an upload attempt.
 *
 * @param result   the model's output file
 * @param patterns the model's new pattern rows
 */
public record PairUpload(FileOutcome result, FileOutcome patterns) {

    /** What happened to one file. */
    public enum FileOutcome {
        /** It was local and is now in the lake, verified. */
        UPLOADED,
        /** It was no longer local, but an earlier attempt had staged it. */
        ALREADY_STAGED,
        /** It is neither local nor staged. */
        LOST
    }

    /** Both files are in the lake, so the result can be announced as a success. */
    public boolean staged() {
        return result != FileOutcome.LOST && patterns != FileOutcome.LOST;
    }
}
