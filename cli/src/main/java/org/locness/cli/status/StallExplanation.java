package org.locness.cli.status;

import java.util.Locale;

/**
 * Says why a step has not happened, from the group that owns it: no live consumer means the loop is
 * down (or never deployed); a committed offset stuck at the job's record means the loop keeps
 * retrying it; an offset before it means the job is queued behind others. Pure: values in, a phrase out.
 */
public final class StallExplanation {
    private StallExplanation() {
    }

    public static String explain(PendingStep step, GroupProgress progress) {
        String where = step.what() + " (loop " + step.loop() + ", input " + step.input() + "): ";
        long offset = step.input().offset();
        if (progress.members() == 0) {
            return where + "no live consumer in group " + progress.group() + " (state " + progress.state()
                    + ") - the loop is down or not running; its /health and log name the error";
        }
        if (progress.committed().isEmpty()) {
            return where + "group " + progress.group() + " has " + progress.members()
                    + " member(s) but has committed nothing on " + step.input().topicPartition()
                    + " yet - starting up, or failing on its first record (see its log)";
        }
        long committed = progress.committed().getAsLong();
        if (committed > offset) {
            return where + "the loop has committed past this record (at " + committed
                    + ") without the next event - look in the DLQ and the loop's log";
        }
        if (committed == offset) {
            return where + "the loop's committed offset is at this job's record - it is working on it now, or"
                    + " retrying it after a failure (its log names the error)";
        }
        return where + String.format(Locale.ROOT, "queued: the loop is %d record(s) behind this job on %s (committed %d)",
                offset - committed, step.input().topicPartition(), committed);
    }
}
