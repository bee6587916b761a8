package org.locness.cli.observability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Debian's {@code prometheus-node-exporter} on 127.0.0.1: this machine's node CPU, as the DaemonSet serves each node's. */
final class NodeExporterProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");

    private final LocalServer server;

    private NodeExporterProcess(LocalServer server) {
        this.server = server;
    }

    /** Only the collectors the dashboard reads, so a container's missing /sys entries stay out of its log. */
    static NodeExporterProcess start(Path dir) throws IOException, InterruptedException {
        int port = LocalServer.freePort();
        return new NodeExporterProcess(LocalServer.start(List.of(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.loadavg"),
                port, "/metrics", dir.resolve("node-exporter.log")));
    }

    String target() {
        return "127.0.0.1:" + server.port();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
