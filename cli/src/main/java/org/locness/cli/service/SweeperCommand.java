package org.locness.cli.service;

import java.util.concurrent.Callable;
import org.locness.cli.run.Environment;
import org.locness.cli.run.ServiceRunner;
import org.locness.events.metrics.MetricsServer;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.SweeperService;
import org.locness.sweeper.config.SweeperConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness sweeper --node vm1}: uploads that node's outputs to the lake and announces them. */
@Command(name = "sweeper", mixinStandardHelpOptions = true,
        description = {"Consumes inference.completed for one node, uploads its local outputs to staging/ in the lake, "
                + "publishes results.staged, deletes the local files, and sweeps orphans.",
                "Environment: LOCNESS_KAFKA_BOOTSTRAP, LOCNESS_S3_*, LOCNESS_STAGING_DIR (default /data/local), "
                        + "LOCNESS_SWEEPER_PARALLELISM (2), LOCNESS_SWEEPER_ORPHAN_AGE (PT30M), "
                        + "LOCNESS_SWEEPER_SWEEP_INTERVAL (PT5M), LOCNESS_METRICS_PORT (9400)."})
public final class SweeperCommand implements Callable<Integer> {
    @Option(names = "--node", description = "The node whose outputs to sweep (LOCNESS_NODE).")
    String node;

    @Option(names = "--staging-dir", description = "Local staging directory (LOCNESS_STAGING_DIR).")
    String stagingDir;

    @Option(names = "--metrics-port", description = "Port of /metrics (LOCNESS_METRICS_PORT, default 9400).")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        SweeperConfig config = SweeperConfig.fromEnvironment(new Environment()
                .set(SweeperConfig.NODE_ENV, node)
                .set(StagingDirectory.ENV, stagingDir)
                .set(MetricsServer.PORT_ENV, metricsPort)
                .asMap());
        return ServiceRunner.run("sweeper", config.metricsPort(), registry -> SweeperService.start(config, registry));
    }
}
