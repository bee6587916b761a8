package org.locness.cli.service;

import java.util.concurrent.Callable;
import org.locness.cli.run.Environment;
import org.locness.cli.run.ServiceRunner;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.metrics.MetricsServer;
import org.locness.ingest.service.IngestConfig;
import org.locness.ingest.service.IngestService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness ingest}: job intake, object-event auto-trigger, pre-job prep. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Consumes jobs.requested and lake.object-events; validates requests (bad ones to "
                + "jobs.requested.dlq with the reason), MOVEs pre-swept/<symbol>/ to daily-archived/<date>/<symbol>/, "
                + "and publishes jobs.ready in a Kafka transaction; publishes each job's realized outcome to outcomes.realized "
                + "once the market data that closes its horizon is in the lake.",
                "Environment: LOCNESS_KAFKA_BOOTSTRAP, LOCNESS_S3_*, LOCNESS_ENSEMBLE (config/ensemble.yaml), "
                        + "LOCNESS_INGEST_ZONE (UTC), LOCNESS_INGEST_MAX_DAYS_AHEAD (1), LOCNESS_INGEST_AUTO_TRIGGER (true), LOCNESS_INGEST_DEBOUNCE (PT5S), "
                        + "LOCNESS_INGEST_INSTANCE ($HOSTNAME), LOCNESS_METRICS_PORT (9400).",
                "Run one replica per instance name: the transactional ids fence a restarted predecessor."})
public final class IngestCommand implements Callable<Integer> {
    @Option(names = "--ensemble", description = "Ensemble file (LOCNESS_ENSEMBLE).")
    String ensemble;

    @Option(names = "--metrics-port", description = "Port of /metrics (LOCNESS_METRICS_PORT, default 9400).")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        IngestConfig config = IngestConfig.fromEnvironment(new Environment()
                .set(EnsembleLoader.ENV, ensemble)
                .set(MetricsServer.PORT_ENV, metricsPort)
                .asMap());
        return ServiceRunner.run("ingest", config.metricsPort(), registry -> IngestService.start(config, registry));
    }
}
