package org.locness.events.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, stop request and stop of a consumer loop running on its own thread: the part every loop
 * shares, whatever it does with its records. The loop thread calls {@link #running()} first and
 * {@link #ended()} last; any thread may {@link #stopAndWait()}.
 */
public final class LoopLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LoopLifecycle.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean started;

    public LoopLifecycle(String name) {
        this.name = name;
    }

    /** Runs {@code loop} on a daemon thread named after the loop. */
    public Thread start(Runnable loop) {
        started = true;
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public void running() {
        started = true;
    }

    public void ended() {
        stopped.countDown();
    }

    public boolean isStarted() {
        return started;
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Waits out a backoff; returns true if a stop was requested meanwhile. */
    public boolean awaitBackoff(Duration backoff) throws InterruptedException {
        return stopRequested.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the loop to stop; {@code wakeUp} interrupts its poll. If the loop runs, waits for it to
     * end; returns false if it never started (the caller then closes its clients itself).
     */
    public boolean stopAndWait(Runnable wakeUp) {
        stopRequested.countDown();
        wakeUp.run();
        if (!started) {
            return false;
        }
        try {
            if (!awaitStopped(STOP_WAIT)) {
                LOG.warn("{} did not stop within {} s", name, STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
