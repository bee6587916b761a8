package org.locness.events.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
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
    /** How long a stopping loop waits for each of its Kafka clients to close. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LoopHealth health;
    private final Backoff backoff;
    private final Counter retried;
    private volatile boolean started;
    private volatile Throwable failure;

    /** {@code backoff} paces the retries of {@link #run}; it counts them in the loop's {@code retried} meter. */
    public LoopLifecycle(String name, MeterRegistry metrics, Backoff backoff) {
        this.name = name;
        this.health = LoopHealth.register(metrics, name);
        this.backoff = backoff;
        this.retried = ConsumerLoopMetrics.counter(metrics, name, "retried");
    }

    /** Runs {@code loop} on a daemon thread named after the loop. */
    public Thread start(Runnable loop) {
        started = true;
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Runs a loop on the calling thread: {@code open}, then one pass after another until a stop is
     * requested. A pass that leaves work to retry (returns false) is counted as retried and followed
     * by the next wait of the backoff; a pass that does not starts the waits again. A
     * wakeup or an interrupt ends the loop as a stop does; any other error stops it for good
     * ({@link #failed}) and is rethrown. {@code close} runs last, whatever happened.
     */
    public void run(Runnable open, BooleanSupplier pass, Runnable close) {
        running();
        try {
            open.run();
            Duration wait = backoff.initial();
            while (!stopRequested()) {
                if (pass.getAsBoolean()) {
                    wait = backoff.initial();
                    continue;
                }
                retried.increment();
                if (awaitBackoff(wait)) {
                    break;
                }
                wait = backoff.next(wait);
            }
        } catch (WakeupException e) {
            LOG.debug("{} woken up for shutdown", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failed(e);
            throw e;
        } finally {
            try {
                close.run();
            } finally {
                ended();
            }
        }
    }

    /** Closes a loop's consumer, the same way for every loop: it leaves its group within {@link #CLOSE_TIMEOUT}. */
    public static void closeConsumer(Consumer<?, ?> consumer) {
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
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

    public Backoff backoff() {
        return backoff;
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
