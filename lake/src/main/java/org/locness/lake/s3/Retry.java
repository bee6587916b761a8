package org.locness.lake.s3;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounded retries with exponential backoff for transient S3 errors (I/O, 5xx, throttling). */
public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff) {
    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "ServiceUnavailable", "InternalError",
            "RequestTimeout", "XMinioServerNotInitialized");

    public static Retry defaults() {
        return new Retry(5, Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    public <T> T call(String what, Call<T> call) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                boolean retriable = isTransient(e);
                if (!retriable || attempt >= attempts) {
                    throw new LakeException(what + " failed" + (retriable ? " after " + attempt + " attempts" : "")
                            + ": " + describe(e), e, retriable);
                }
                LOG.warn("{} failed (attempt {}/{}), retrying in {} ms: {}", what, attempt, attempts,
                        backoff.toMillis(), describe(e));
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    static boolean isTransient(Exception e) {
        if (e instanceof ErrorResponseException error) {
            return TRANSIENT_CODES.contains(error.errorResponse().code())
                    || error.response() != null && error.response().code() >= 500;
        }
        return e instanceof IOException || e instanceof ServerException;
    }

    static String describe(Exception e) {
        if (e instanceof ErrorResponseException error) {
            return error.errorResponse().code() + " " + error.errorResponse().message();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeException("interrupted while backing off", e, true);
        }
    }
}
