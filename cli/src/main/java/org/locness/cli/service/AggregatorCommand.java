package org.locness.cli.service;

import java.util.concurrent.Callable;
import org.locness.aggregator.AggregatorService;
import org.locness.aggregator.config.AggregatorConfig;
import org.locness.cli.run.Environment;
import org.locness.cli.run.ServiceRunner;
import org.locness.events.metrics.MetricsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness aggregator}: the weighted consensus, gold predictions and pattern merge. */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = {"Kafka Streams (exactly-once) weighted consensus from results.staged to predictions.consensus; "
                + "writes gold Parquet under gold/predictions/ and merges patterns into patterns/<date>/unified.parquet.",
                "Environment: LOCNESS_KAFKA_BOOTSTRAP, LOCNESS_S3_*, LOCNESS_AGGREGATOR_STATE_DIR (required, persistent), "
                        + "LOCNESS_AGGREGATOR_DEADLINE (PT10M, from each job's ready event), LOCNESS_ENSEMBLE (its quorum), "
                        + "LOCNESS_AGGREGATOR_RETENTION (P7D), LOCNESS_METRICS_PORT (9400).",
                "Run one replica: the pattern merge of a day is serialized in-process."})
public final class AggregatorCommand implements Callable<Integer> {
    @Option(names = "--state-dir", description = "Kafka Streams state directory (LOCNESS_AGGREGATOR_STATE_DIR).")
    String stateDir;

    @Option(names = "--deadline", description = "Wait at most this long for all models, ISO-8601 (LOCNESS_AGGREGATOR_DEADLINE).")
    String deadline;

    @Option(names = "--metrics-port", description = "Port of /metrics (LOCNESS_METRICS_PORT, default 9400).")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        Environment env = new Environment()
                .set(AggregatorConfig.STATE_DIR_ENV, stateDir)
                .set(AggregatorConfig.DEADLINE_ENV, deadline)
                .set(MetricsServer.PORT_ENV, metricsPort);
        AggregatorConfig config = AggregatorConfig.fromEnvironment(env.asMap());
        return ServiceRunner.run("aggregator", config.metricsPort(), registry -> AggregatorService.start(config, registry));
    }
}
