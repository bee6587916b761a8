package org.locness.infra.embedded;

import io.temporal.testserver.TestServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's test server bound to a real gRPC port, so workers and clients connect exactly as they
 * do to a Temporal cluster. Time runs on the wall clock (time skipping locked).
 */
public final class EmbeddedTemporal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporal.class);

    private final TestServer.PortBoundTestServer server;
    private final String target;

    private EmbeddedTemporal(TestServer.PortBoundTestServer server, String target) {
        this.server = server;
        this.target = target;
    }

    public static EmbeddedTemporal start(int port) {
        long started = System.nanoTime();
        int boundPort = Ports.orFree(port);
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(boundPort, true);
        String target = "127.0.0.1:" + boundPort;
        LOG.info("Temporal endpoint ready on {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedTemporal(server, target);
    }

    /** The gRPC target for {@code LOCNESS_TEMPORAL_TARGET}. */
    public String target() {
        return target;
    }

    @Override
    public void close() {
        server.close();
    }
}
