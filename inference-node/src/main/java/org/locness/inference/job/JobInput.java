package org.locness.inference.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.locness.lake.staging.StagingDirectory;

/**
 * A job's input made local ({@link JobInputs}). {@link #file} is what DuckDB reads and {@link #digest}
 * the identity of its bytes, under which the node keeps what it computed from them. An input is either
 * published under the job's name already (downloaded now, or found in place), or written ahead from
 * bytes the node kept from an earlier job: then {@link #current} waits for the lake's answer whether
 * the object is still those bytes, and only then does {@link #publish} put it under the job's name.
 * Closing deletes a file written ahead that was not published.
 */
final class JobInput implements AutoCloseable {
    private final Path file;
    private final String digest;
    private final boolean reused;
    private final CompletableFuture<Boolean> current;
    private final StagingDirectory staging;
    /** The job's input name a file written ahead is published as; null once the file is published. */
    private String publishAs;

    private JobInput(Path file, String digest, boolean reused, CompletableFuture<Boolean> current,
            StagingDirectory staging, String publishAs) {
        this.file = file;
        this.digest = digest;
        this.reused = reused;
        this.current = current;
        this.staging = staging;
        this.publishAs = publishAs;
    }

    /** An input in place under the job's name; {@code reused} if it was there before this job asked. */
    static JobInput published(Path file, String digest, boolean reused) {
        return new JobInput(file, digest, reused, CompletableFuture.completedFuture(true), null, null);
    }

    /** Kept bytes written to {@code temporary}, to be published as {@code name} once {@code current} says so. */
    static JobInput writtenAhead(StagingDirectory staging, String name, Path temporary, String digest,
            CompletableFuture<Boolean> current) {
        return new JobInput(temporary, digest, true, current, staging, name);
    }

    Path file() {
        return file;
    }

    String digest() {
        return digest;
    }

    /** Whether the input was not downloaded for this request: a copy in place, or kept bytes. */
    boolean reused() {
        return reused;
    }

    /**
     * Whether the bytes are the lake's current object. A failure to ask (the lake unreachable) is the
     * job's, to be retried.
     */
    boolean current() throws InterruptedException {
        try {
            return current.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Puts an input written ahead under the job's name (kept as it is if another process put one there first). */
    void publish() throws IOException {
        if (publishAs != null) {
            staging.publishCached(publishAs, file);
            publishAs = null;
            Files.deleteIfExists(file);
        }
    }

    /** Deletes an input written ahead and never published; one in place stays for the sweeper. */
    @Override
    public void close() throws IOException {
        current.cancel(false);
        if (publishAs != null) {
            publishAs = null;
            Files.deleteIfExists(file);
        }
    }

    /** The SHA-256 of {@code bytes}, in hex. */
    static String digestOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static String digestOf(Path file) throws IOException {
        return digestOf(Files.readAllBytes(file));
    }
}
