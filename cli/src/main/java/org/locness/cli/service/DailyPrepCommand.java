package org.locness.cli.service;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.locness.cli.run.Environment;
import org.locness.cli.run.ServiceRunner;
import org.locness.events.id.TradingDate;
import org.locness.events.metrics.MetricsServer;
import org.locness.ingest.daily.workflow.DailyPrepConfig;
import org.locness.ingest.daily.workflow.DailyPrepResult;
import org.locness.ingest.daily.workflow.DailyPrepService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness daily-prep}: the Temporal worker and its 06:00 cron; or one run now. */
@Command(name = "daily-prep", mixinStandardHelpOptions = true,
        description = {"Runs the daily-prep worker against LOCNESS_TEMPORAL_TARGET and makes sure the cron workflow "
                + "(06:00 in LOCNESS_DAILY_PREP_ZONE, default UTC) exists. With --run-now, prepares one day and exits.",
                "The prep reads 7 days of market-data/ and 30 days of patterns/, writes daily-prepared/<date>.parquet "
                        + "and publishes context.daily-ready.",
                "Environment: LOCNESS_TEMPORAL_TARGET, LOCNESS_TEMPORAL_NAMESPACE (default), LOCNESS_KAFKA_BOOTSTRAP, "
                        + "LOCNESS_S3_*, LOCNESS_DAILY_PREP_ZONE, LOCNESS_DAILY_PREP_WORK_DIR, "
                        + "LOCNESS_DAILY_PREP_FETCH_CONCURRENCY (downloads at once, 1..64, default twice the CPUs, 2..16), LOCNESS_METRICS_PORT (9400)."})
public final class DailyPrepCommand implements Callable<Integer> {
    @Option(names = "--run-now", description = "Prepare one day now, print the result, exit.")
    boolean runNow;

    @Option(names = "--date", description = "The day for --run-now, yyyy-MM-dd (default: today in the prep's zone).")
    String date;

    @Option(names = "--metrics-port", description = "Port of /metrics (LOCNESS_METRICS_PORT, default 9400).")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        Environment env = new Environment().set(MetricsServer.PORT_ENV, metricsPort);
        DailyPrepConfig config = DailyPrepConfig.fromEnvironment(env.asMap());
        if (runNow) {
            // One run and exit, like the operator's other one-shot commands: no /metrics to serve.
            TradingDate day = date == null ? TradingDate.of(LocalDate.now(config.zone())) : TradingDate.of(date);
            try (DailyPrepService service = DailyPrepService.startUnscheduled(config,
                    MetricsServer.newRegistry("daily-prep"))) {
                DailyPrepResult result = service.runNow(day);
                System.out.println(result);
                return 0;
            }
        }
        return ServiceRunner.run("daily-prep", config.metricsPort(), registry -> DailyPrepService.start(config, registry));
    }
}
