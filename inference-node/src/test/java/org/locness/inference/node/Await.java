package org.locness.inference.node;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; tests never sleep to synchronise. */
final class Await {
    private Await() {
    }

    static void until(Duration timeout, Callable<Boolean> condition, Supplier<String> expected) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + expected.get());
            }
            Thread.sleep(50);
        }
    }
}
