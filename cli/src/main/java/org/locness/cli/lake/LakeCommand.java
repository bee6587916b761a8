package org.locness.cli.lake;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.locness.cli.run.ScratchDirectory;
import org.locness.events.id.TradingDate;
import org.locness.lake.bootstrap.LakeInitializer;
import org.locness.lake.bootstrap.LakeNotificationConfig;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedReport;
import org.locness.lake.seed.SyntheticMarketData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness lake init|seed}: set up the bucket, fill it with synthetic market data. */
@Command(name = "lake", mixinStandardHelpOptions = true, description = "The Locness Lake (LOCNESS_S3_ENDPOINT, LOCNESS_S3_ACCESS_KEY, LOCNESS_S3_SECRET_KEY).",
        subcommands = {LakeCommand.Init.class, LakeCommand.Seed.class})
public final class LakeCommand {

    static Lake lake() {
        return Lake.connect(LakeSettings.fromEnvironment(System.getenv()));
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Creates bucket 'lake' and points its notifications (put, copy, multipart completion, delete) "
                    + "at MinIO's Kafka target (LOCNESS_S3_NOTIFY_ARN, default arn:minio:sqs::PRIMARY:kafka); idempotent.",
                    "Exit 0: configured; 1: failed; 3: this S3 server has no bucket notifications (the embedded lake "
                            + "publishes object events itself)."})
    static final class Init implements Callable<Integer> {
        @Override
        public Integer call() {
            return LakeInitializer.run(lake(), LakeNotificationConfig.fromEnvironment(System.getenv()), System.out);
        }
    }

    @Command(name = "seed", mixinStandardHelpOptions = true,
            description = "Writes deterministic synthetic one-minute bars to market-data/<SYMBOL>/<date>.parquet and the "
                    + "newest day to pre-swept/<SYMBOL>/.")
    static final class Seed implements Callable<Integer> {
        @Option(names = "--symbols", defaultValue = "10", description = "How many symbols (default: ${DEFAULT-VALUE}).")
        int symbols;

        @Option(names = "--days", defaultValue = "7", description = "How many days up to --end (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--end", description = "Last day, yyyy-MM-dd (default: today, UTC).")
        String end;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            TradingDate endDate = end == null ? TradingDate.of(LocalDate.now(ZoneOffset.UTC)) : TradingDate.of(end);
            SeedReport report;
            try (ScratchDirectory work = ScratchDirectory.create("locness-seed-")) {
                report = SyntheticMarketData.seed(lake(), work.path(), SeedPlan.numbered(symbols, days, endDate, seed));
            }
            System.out.printf(Locale.ROOT, "seeded %d symbols x %d days: %d bars, %d objects written, %d unchanged (%.0f bars/s)%n",
                    symbols, days, report.bars(), report.objectsWritten(), report.objectsUnchanged(), report.barsPerSecond());
            return 0;
        }
    }
}
