package org.locness.lake.bootstrap;

/** How {@code locness lake init} ended, and the exit code the command returns for it. */
public enum InitOutcome {
    /** The notification configuration was written and read back identical. */
    CONFIGURED(0),
    /** The bucket already had exactly this configuration; nothing was changed. */
    ALREADY_CONFIGURED(0),
    /** Something failed (server unreachable, request rejected, read-back differs); see the output. */
    FAILED(1),
    /**
     * The S3 server does not implement bucket notifications (501), like the embedded s3proxy lake,
     * which publishes object events itself. The bucket exists; a set-up script may treat this as
     * success on such a server.
     */
    NOTIFICATIONS_UNSUPPORTED(3);

    private final int exitCode;

    InitOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
