package org.locness.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes: the tests' one way of waiting (they never
 * sleep to synchronise). Arguments always in the order what, how long, condition.
 */
public final class Await {
    private static final Duration INTERVAL = Duration.ofMillis(20);

    /** A condition that may throw, e.g. one that reads a file or asks the broker. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    public static void until(String what, Duration timeout, Condition condition) {
        until(() -> what, timeout, condition);
    }

    /** {@code what} is built only on failure, so it can describe the state the wait ended in. */
    public static void until(Supplier<String> what, Duration timeout, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check(condition, what)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get());
            }
        }
    }

    private static boolean check(Condition condition, Supplier<String> what) {
        try {
            return condition.holds();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("checking failed while waiting for: " + what.get(), e);
        }
    }
}
