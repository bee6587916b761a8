package org.locness.inference.day;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.locness.testing.Await;

class SharedMemoTest {
    @Test
    void aValueIsComputedOnceAndShared() throws Exception {
        SharedMemo<String, List<String>> memo = new SharedMemo<>(4);
        AtomicInteger loads = new AtomicInteger();

        List<String> first = memo.get("a", () -> List.of("a" + loads.incrementAndGet()));
        List<String> second = memo.get("a", () -> List.of("a" + loads.incrementAndGet()));

        assertSame(first, second);
        assertEquals(1, loads.get());
    }

    @Test
    void threadsAskingAtOnceWaitForOneComputation() throws Exception {
        SharedMemo<String, Integer> memo = new SharedMemo<>(4);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(threads.submit(() -> memo.get("day", () -> {
                    loads.incrementAndGet();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 42;
                })));
            }
            Await.until("the first computation to start", Duration.ofSeconds(10), () -> loads.get() == 1);
            release.countDown();
            for (Future<Integer> result : results) {
                assertEquals(42, result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, loads.get());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailureReachesTheCallerAndIsNotKept() throws Exception {
        SharedMemo<String, Integer> memo = new SharedMemo<>(4);
        SQLException gone = new SQLException("IO Error: No files found that match the pattern");

        SQLException thrown = assertThrows(SQLException.class, () -> memo.get("a", () -> {
            throw gone;
        }));

        assertSame(gone, thrown);
        assertFalse(memo.contains("a"));
        assertEquals(7, memo.get("a", () -> 7));
    }

    @Test
    void theLeastRecentlyUsedGoesPastTheBound() throws Exception {
        SharedMemo<String, Integer> memo = new SharedMemo<>(2);
        memo.get("a", () -> 1);
        memo.get("b", () -> 2);
        memo.get("a", () -> 1);

        memo.get("c", () -> 3);

        assertEquals(2, memo.size());
        assertTrue(memo.contains("a"));
        assertFalse(memo.contains("b"));
        assertTrue(memo.contains("c"));
    }

    @Test
    void removeIfDropsTheMatchingKeys() throws Exception {
        SharedMemo<String, Integer> memo = new SharedMemo<>(4);
        memo.get("patterns-1", () -> 1);
        memo.get("context-1", () -> 2);

        memo.removeIf(key -> key.startsWith("patterns"));

        assertFalse(memo.contains("patterns-1"));
        assertTrue(memo.contains("context-1"));
    }
}
