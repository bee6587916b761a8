package org.locness.cli.run;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one long-lived component the way K3s runs it: start it, then wait for SIGTERM/SIGINT and
 * close it in order (consumer loops commit what is done and stop; metrics go last).
 */
public final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    /** Starts a component; what it returns is closed on shutdown. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start() throws Exception;
    }

    private ServiceRunner() {
    }

    public static int run(String component, Starter starter) throws Exception {
        AutoCloseable service = starter.start();
        LOG.info("{} started", component);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} stopping", component);
            try {
                service.close();
            } catch (Exception e) {
                LOG.error("{} did not close cleanly", component, e);
            } finally {
                stopped.countDown();
            }
        }, component + "-shutdown"));
        stopped.await();
        return 0;
    }
}
