package org.locness.cli.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.locness.cli.Locness;
import org.locness.cli.demo.DemoCommand;
import org.locness.cli.demo.DemoLogging;
import org.locness.cli.demo.LocalPipeline;
import org.locness.cli.run.DataDirectory;
import org.locness.cli.run.Home;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.NodeSpec;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedReport;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.lake.staging.ScratchDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness backtest}: N trading days through the whole pipeline, then how well each forecaster did. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Runs --days trading days through the real pipeline on an embedded stack (Kafka, S3 lake, "
                + "Temporal): seeds synthetic market data for --seed (history for the outcome's volatility window "
                + "before the first day, and the last day's horizon after it), then day by day runs the daily prep, "
                + "puts each symbol's bars of the day in pre-swept/ and requests its job; the models, the consensus, "
                + "the realized outcomes, the scores and the adaptive weights all do their work through Kafka. "
                + "The next day starts once the weights have learned from every outcome of this one.",
            "Prints one row per model, then consensus-static (the ensemble file's weights) and consensus-adaptive "
                    + "(the learned weights): Brier (multiclass, 0 best, 2 worst), log loss, hit rate of the top "
                    + "label, ECE (expected calibration error, 10 bins) and the number of jobs scored.",
            "Writes backtest.tsv and backtest.png (reliability diagram, cumulative Brier per day, weights per "
                    + "version) into --out. Progress goes to stderr, component logs to <data-dir>/locness.log.",
            "Exit 0 when every day finished, 1 when a day did not finish in time (the message says what it waited for), "
                    + "2 on bad options."})
public final class BacktestCommand implements Callable<Integer> {
    /** Models were trained on other seeds; 7 is held out. */
    static final long HELD_OUT_SEED = 7;
    static final int DEFAULT_SYMBOLS = 10;

    /** How the table goes to stdout. */
    enum Format { table, tsv }

    @Option(names = "--days", required = true, paramLabel = "N", description = "Trading days to backtest, >= 1.")
    int days;

    @Option(names = "--symbols", paramLabel = "S", description = "How many symbols, one job each per day (default: "
            + DEFAULT_SYMBOLS + "; with --market-data, every symbol there).")
    Integer symbols;

    @Option(names = "--seed", defaultValue = "" + HELD_OUT_SEED, paramLabel = "K",
            description = "Seed of the synthetic market data (default: ${DEFAULT-VALUE}, one the demo models were not "
                    + "trained on).")
    long seed;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table (aligned, for people) or tsv (name, brier, logloss, hit_rate, ece, jobs; with a "
                    + "header line) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Where backtest.tsv and backtest.png go; created if "
            + "missing, the two files replaced (default: data/backtest-out in the checkout).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The embedded stack's data (lake, Kafka log, "
            + "staging); cleared at the start of each run (default: data/backtest in the checkout).")
    Path dataDir;

    @Option(names = "--market-data", paramLabel = "DIR", description = "Backtest these bars instead of synthetic ones: "
            + "DIR/<SYMBOL>/<YYYY-MM-DD>.parquet, one day per file in the lake's bar schema (ts, symbol, open, high, "
            + "low, close, volume). The last day's horizon ends on the newest day there; --seed does not apply.")
    Path marketData;

    @Option(names = "--ensemble", paramLabel = "FILE", description = "Ensemble file (default: config/ensemble-demo.yaml, "
            + "the tiny demo models).")
    Path ensemble;

    @Option(names = "--deadline", defaultValue = "PT2M", description = "Aggregator deadline from each job's ready "
            + "event (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--day-timeout", defaultValue = "PT10M", description = "Give up when a day has not finished after "
            + "this long (default: ${DEFAULT-VALUE}).")
    Duration dayTimeout;

    @Option(names = "--bench", description = "Also print the goal's figures as BENCH lines (adaptive, static, best and "
            + "median model Brier; seconds).")
    boolean bench;

    @Option(names = "--verbose", description = "Component logs on stderr instead of the log file.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        PrintStream err = System.err;
        validate();
        long started = System.nanoTime();
        Path ensembleFile = (ensemble != null ? ensemble : Home.resolve("config/ensemble-demo.yaml")).toAbsolutePath();
        Ensemble loaded = EnsembleLoader.load(ensembleFile);
        MarketDataFiles bars = marketData == null ? null : MarketDataFiles.scan(marketData);
        List<Symbol> symbolList = bars == null ? DemoCommand.symbols(symbols == null ? DEFAULT_SYMBOLS : symbols)
                : chooseSymbols(bars);
        BacktestPlan plan = BacktestPlan.of(days, loaded.outcome(), bars == null
                ? TradingDate.of(LocalDate.now(ZoneOffset.UTC)) : bars.newest(symbolList));
        Path outDir = Files.createDirectories((out != null ? out : Home.resolve("data/backtest-out")).toAbsolutePath());
        Path dir = DataDirectory.prepare(dataDir != null ? dataDir : Home.resolve("data/backtest"), "backtest");
        if (!verbose) {
            DemoLogging.toFile(dir.resolve("locness.log"));
        }
        err.printf(Locale.ROOT, "backtest: %d days (%s .. %s) x %d symbols, %s, ensemble %s; logs in %s%n",
                days, plan.first(), plan.last(), symbolList.size(),
                bars == null ? "synthetic market data of seed " + seed : "market data of " + bars.root(), ensembleFile,
                verbose ? "stderr" : dir.resolve("locness.log"));

        BacktestResults results;
        try (EmbeddedStack stack = LocalPipeline.startStack(dir)) {
            Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
            lake.ensureBucket();
            if (bars == null) {
                seed(lake, new SeedPlan(symbolList, plan.seedDays(), plan.seedEnd(), seed, SeedPlan.MINUTES_PER_DAY), err);
            } else {
                int uploaded = bars.upload(lake, symbolList, plan.seedStart(), plan.seedEnd());
                err.printf(Locale.ROOT, "backtest: %d market-data files from %s (%s .. %s)%n", uploaded, bars.root(),
                        plan.seedStart(), plan.seedEnd());
            }
            List<NodeName> nodes = loaded.nodes().stream().map(NodeSpec::name).toList();
            try (LocalPipeline pipeline = LocalPipeline.start(stack,
                    new LocalPipeline.Options(dir, ensembleFile, nodes, deadline))) {
                results = new BacktestRun(plan, symbolList, dayTimeout, err, started)
                        .run(stack.kafkaSettings(), pipeline, lake);
            }
        } catch (BacktestRun.DayTimeoutException e) {
            err.println("locness backtest: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        writeOutputs(results, outDir, plan, symbolList.size());
        System.out.print(format == Format.tsv ? ScoreTable.tsv(results.rows())
                : ScoreTable.table(results.rows()) + ScoreTable.weights(results.weights()));
        if (bench) {
            ScoreTable.benchLines(results, seconds).forEach(System.out::println);
        }
        err.printf(Locale.ROOT, "backtest: done in %.1f s; %s and %s%n", seconds, outDir.resolve("backtest.tsv"),
                outDir.resolve("backtest.png"));
        return 0;
    }

    /**
     * Seeds the plan; the seed also drops the newest day in {@code pre-swept/}, which would become the
     * first job's input (the future), so those copies go: the run puts each day's bars there itself.
     */
    private static void seed(Lake lake, SeedPlan plan, PrintStream err) throws IOException {
        err.printf(Locale.ROOT, "backtest: seeding %d symbols x %d days (%s .. %s)%n", plan.symbols().size(),
                plan.days(), plan.startDate(), plan.endDate());
        SeedReport report;
        try (ScratchDirectory work = ScratchDirectory.create("locness-backtest-seed-")) {
            report = SyntheticMarketData.seed(lake, work.path(), plan);
        }
        for (ObjectKey key : report.preSweptKeys()) {
            lake.delete(key);
        }
    }

    private static void writeOutputs(BacktestResults results, Path outDir, BacktestPlan plan, int symbolCount)
            throws IOException {
        Files.writeString(outDir.resolve("backtest.tsv"), ScoreTable.tsv(results.rows()));
        String title = String.format(Locale.ROOT, "Locness backtest: %d days (%s .. %s) x %d symbols",
                plan.days().size(), plan.first(), plan.last(), symbolCount);
        if (!ImageIO.write(BacktestChart.render(results, title), "png", outDir.resolve("backtest.png").toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }

    /** Option mistakes are configuration errors: {@link Locness} prints the message and exits 2. */
    private void validate() {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1, was " + days);
        }
        if (symbols != null && symbols < 1) {
            throw new IllegalArgumentException("--symbols must be at least 1, was " + symbols);
        }
        if (!positive(deadline) || !positive(dayTimeout)) {
            throw new IllegalArgumentException("--deadline and --day-timeout must be positive durations such as PT2M, were "
                    + deadline + " and " + dayTimeout);
        }
    }

    /** The first --symbols of the market data's symbols (by name), or all of them. */
    private List<Symbol> chooseSymbols(MarketDataFiles bars) {
        List<Symbol> available = bars.symbols();
        if (symbols == null) {
            return available;
        }
        if (symbols > available.size()) {
            throw new IllegalArgumentException("--symbols " + symbols + ": --market-data " + bars.root() + " has only "
                    + available.size() + " symbols " + available);
        }
        return available.subList(0, symbols);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
