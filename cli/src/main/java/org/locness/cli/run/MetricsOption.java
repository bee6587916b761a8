package org.locness.cli.run;

import org.locness.events.metrics.MetricsServer;
import picocli.CommandLine.Option;

/** {@code --metrics-port}, defaulting to LOCNESS_METRICS_PORT or 9400: shared by every service command. */
public final class MetricsOption {
    @Option(names = "--metrics-port", description = "Port of /metrics (default: LOCNESS_METRICS_PORT or 9400; 0 = any).")
    Integer port;

    public int port() {
        if (port != null) {
            return port;
        }
        String env = System.getenv(MetricsServer.PORT_ENV);
        try {
            return env == null || env.isBlank() ? MetricsServer.DEFAULT_PORT : Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MetricsServer.PORT_ENV + " must be a port number, was '" + env + "'");
        }
    }
}
