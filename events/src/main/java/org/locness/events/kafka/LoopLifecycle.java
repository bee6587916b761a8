package org.locness.events.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start, stop request and stop of a consumer loop running on its own thread: the part every loop
 * shares, whatever it does with its records. The loop thread calls {@link #running()} first and
 * {@link #ended()} last; any thread may {@link #stopAndWait}. A loop that ends on an error it
 * cannot recover from reports it with {@link #failed}: its {@link LoopHealth} goes down.
 */
public final class LoopLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LoopLifecycle.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LoopHealth health;
    private volatile boolean started;
    private volatile Throwable failure;

    public LoopLifecycle(String name, MeterRegistry metrics) {
        this.name = name;
        this.health = LoopHealth.register(metrics, name);
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

    /** The loop stops for good on {@code error}: logged with its root cause, and /health fails. */
    public void failed(Throwable error) {
        failure = error;
        health.down();
        LOG.error("{} stopped for good: {} (root cause: {})", name, error, rootCause(error), error);
    }

    /** The error that stopped the loop, if it stopped on one. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
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
