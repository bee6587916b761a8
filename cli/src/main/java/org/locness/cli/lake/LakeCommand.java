package org.locness.cli.lake;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.TradingDate;
import org.locness.lake.bootstrap.LakeInitializer;
import org.locness.lake.bootstrap.LakeNotificationConfig;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedReport;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.lake.staging.ScratchDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code locness lake init|seed|ls}: set up the bucket, fill it with synthetic market data, list it. */
@Command(name = "lake", mixinStandardHelpOptions = true, description = "The Locness Lake (LOCNESS_S3_ENDPOINT, LOCNESS_S3_ACCESS_KEY, LOCNESS_S3_SECRET_KEY).",
        subcommands = {LakeCommand.Init.class, LakeCommand.Seed.class, LakeCommand.Ls.class})
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

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"Lists the objects under PREFIX in bucket 'lake', in key order: last-modified (UTC), size in "
                    + "bytes, key; then a total on stderr.",
                    "Example:  locness lake ls market-data/BTC/",
                    "Exit 0: listed (possibly nothing); 2: PREFIX is not the start of a lake key; 1: the lake failed."})
    static final class Ls implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", defaultValue = "", paramLabel = "PREFIX",
                description = "Start of the keys to list, e.g. market-data/BTC/ or daily-archived/2026-11-29 "
                        + "(default: the whole bucket).")
        String prefix;

        @Override
        public Integer call() {
            String checked = checkedPrefix(prefix);
            List<ObjectInfo> objects = lake().list(checked);
            long bytes = 0;
            for (ObjectInfo object : objects) {
                System.out.printf(Locale.ROOT, "%-24s %12d  %s%n", object.lastModified() == null ? "-"
                        : object.lastModified().truncatedTo(ChronoUnit.SECONDS), object.size(), object.key());
                bytes += object.size();
            }
            System.out.flush();
            System.err.printf(Locale.ROOT, "%d object(s), %d bytes under '%s'%n", objects.size(), bytes, checked);
            return 0;
        }

        /**
         * A prefix obeys the key rules before it reaches S3: the same characters, no '.', '..' or empty
         * segment; only a trailing '/' is allowed beyond what a key may hold.
         */
        static String checkedPrefix(String prefix) {
            if (prefix.isEmpty()) {
                return prefix;
            }
            try {
                ObjectKey.of(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
            } catch (InvalidEventException e) {
                throw new IllegalArgumentException("invalid prefix: " + e.reason()
                        + " (a prefix is the start of a lake key, e.g. market-data/BTC/)", e);
            }
            return prefix;
        }
    }
}
