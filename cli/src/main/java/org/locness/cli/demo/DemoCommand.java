package org.locness.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.locness.cli.run.DataDirectory;
import org.locness.cli.run.Home;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.daily.workflow.DailyPrepResult;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedReport;
import org.locness.lake.seed.SeedSymbols;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.lake.staging.ScratchDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness demo}: the whole pipeline, end to end, on an embedded stack, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts the embedded stack, seeds synthetic market data, runs the daily prep through Temporal, "
                + "starts ingest, two inference nodes (vm1, vm2) with three tiny models each, their sweepers and the "
                + "aggregator, submits one job per symbol through Kafka, shows progress and prints the consensus table.",
                "--without-node vm1 leaves a node out, as if its VM were down: every job is then PARTIAL (or FAILED "
                        + "with both left out) at the deadline.",
                "Component logs (JSON) go to <data-dir>/locness.log. Exit 0 when every job has its consensus."})
public final class DemoCommand implements Callable<Integer> {
    private static final List<NodeName> NODES = List.of(NodeName.of("vm1"), NodeName.of("vm2"));

    @Option(names = "--symbols", defaultValue = "10", description = "How many symbols, one job each (default: ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--days", defaultValue = "8", description = "Days of synthetic history up to today; the daily prep reads the 7 before today (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--data-dir", description = "Where the demo keeps the lake, Kafka's log and local staging; "
            + "cleared at the start of each run (default: data/demo in the checkout).")
    Path dataDir;

    @Option(names = "--ensemble", description = "Ensemble file (default: config/ensemble-demo.yaml, tiny generated models).")
    Path ensemble;

    @Option(names = "--deadline", defaultValue = "PT2M", description = "Aggregator deadline, from each job's ready event: "
            + "a job still missing models then is PARTIAL or FAILED (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--without-node", paramLabel = "NODE", description = "Do not start this node's inference service "
            + "and sweeper, as if its VM were down (repeatable: vm1, vm2).")
    List<String> withoutNodes = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "PT10M", description = "Give up waiting for consensus after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep-running", description = "Leave the stack and the pipeline up after the table, for kcat; Ctrl-C stops.")
    boolean keepRunning;

    @Option(names = "--verbose", description = "Component logs on stderr instead of the log file.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<NodeName> nodes = runningNodes();
        if (nodes == null) {
            return 2;
        }
        long started = System.nanoTime();
        Path dir = prepareDataDir(dataDir != null ? dataDir : Home.resolve("data/demo"));
        if (!verbose) {
            DemoLogging.toFile(dir.resolve("locness.log"));
        }
        TradingDate today = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
        List<Symbol> symbolList = symbols(symbols);

        step(out, started, "starting the embedded stack (Kafka KRaft, S3 lake, Temporal)");
        try (EmbeddedStack stack = LocalPipeline.startStack(dir)) {
            Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
            lake.ensureBucket();
            step(out, started, String.format(Locale.ROOT, "seeding %d symbols x %d days of one-minute bars", symbols, days));
            SeedReport seeded;
            try (ScratchDirectory work = ScratchDirectory.create("locness-demo-seed-")) {
                seeded = SyntheticMarketData.seed(lake, work.path(), new SeedPlan(symbolList, days, today, 42,
                        SeedPlan.MINUTES_PER_DAY));
            }
            out.printf(Locale.ROOT, "         %d bars in %d objects%n", seeded.bars(), seeded.objectsWritten());

            Path ensembleFile = ensemble != null ? ensemble : Home.resolve("config/ensemble-demo.yaml");
            Ensemble loaded = EnsembleLoader.load(ensembleFile);
            step(out, started, "starting ingest, " + (nodes.isEmpty() ? "no inference node"
                    : "inference nodes " + nodes.stream().map(NodeName::value).collect(Collectors.joining(" + "))
                    + " (3 models each)") + ", sweepers, aggregator"
                    + (withoutNodes.isEmpty() ? "" : "; left out: " + String.join(", ", withoutNodes)));
            out.printf(Locale.ROOT, "         aggregator deadline %s from each job's ready event; quorum %s%n", deadline,
                    loaded.quorum());
            try (LocalPipeline pipeline = LocalPipeline.start(stack,
                    new LocalPipeline.Options(dir, ensembleFile.toAbsolutePath(), nodes, deadline))) {
                int cpus = Runtime.getRuntime().availableProcessors();
                if (cpus < 34) {
                    out.printf(Locale.ROOT, "         note: the ensemble pins each node to 34 CPUs; this machine has %d, so "
                            + "the models share them (details in the log)%n", cpus);
                }
                step(out, started, "daily prep for " + today + " through Temporal");
                DailyPrepResult prep = pipeline.dailyPrep().runNow(today);
                out.printf(Locale.ROOT, "         %s: %d rows -> %s%n", prep.outcome(), prep.rows(), prep.key());

                int modelsRunning = (int) loaded.models().stream().filter(m -> nodes.contains(m.node())).count();
                boolean complete = submitAndWatch(out, started, stack, symbolList, modelsRunning);
                printWhereThingsAre(out, dir, stack, pipeline);
                if (keepRunning) {
                    stack.environment().forEach((k, v) -> out.println("export " + k + "=" + v));
                    out.println("running; Ctrl-C stops");
                    awaitInterrupt();
                }
                step(out, started, complete ? "done" : "done, but some jobs had no consensus in time");
                return complete ? 0 : 1;
            }
        }
    }

    /** The demo's nodes less those left out; null (after saying why) when one left out is not a demo node. */
    private List<NodeName> runningNodes() {
        List<NodeName> left = new ArrayList<>();
        for (String name : withoutNodes) {
            if (NODES.stream().noneMatch(n -> n.value().equals(name))) {
                System.err.println("--without-node " + name + ": the demo's nodes are " + NODES);
                return null;
            }
            left.add(NodeName.of(name));
        }
        return NODES.stream().filter(n -> !left.contains(n)).toList();
    }

    private boolean submitAndWatch(PrintStream out, long started, EmbeddedStack stack, List<Symbol> symbolList,
            int modelsRunning) {
        try (ProgressWatcher watcher = new ProgressWatcher(stack.kafkaSettings());
                JobSubmitter submitter = JobSubmitter.connect(stack.kafkaSettings(), Duration.ofSeconds(60))) {
            step(out, started, "submitting " + symbolList.size() + " jobs to jobs.requested");
            for (Symbol symbol : symbolList) {
                JobId job = submitter.submit(JobRequested.forSymbol(symbol))
                        .orElseThrow(() -> new IllegalStateException("ingest did not accept the job for " + symbol));
                watcher.track(job);
            }
            int expectedResults = symbolList.size() * modelsRunning;
            out.println();
            out.println(ConsensusTable.header());
            long deadline = System.nanoTime() + timeout.toNanos();
            String lastProgress = "";
            while (!watcher.done() && System.nanoTime() < deadline) {
                for (ConsensusPrediction c : watcher.poll(Duration.ofMillis(500))) {
                    out.println(ConsensusTable.row(c));
                }
                String progress = String.format(Locale.ROOT, "         progress: %d/%d model results, %d/%d consensus",
                        watcher.modelResults(), expectedResults, watcher.consensusCount(), symbolList.size());
                if (!progress.equals(lastProgress) && !watcher.done()) {
                    System.err.println(progress);
                    lastProgress = progress;
                }
            }
            out.println();
            step(out, started, String.format(Locale.ROOT, "%d/%d jobs with a consensus, %d model results",
                    watcher.consensusCount(), symbolList.size(), watcher.modelResults()));
            return watcher.done();
        }
    }

    private static void printWhereThingsAre(PrintStream out, Path dir, EmbeddedStack stack, LocalPipeline pipeline) {
        Path bucket = stack.lakeDataDir().resolve("lake").toAbsolutePath();
        out.println("Gold predictions (Hive partitions date=/symbol=) and unified patterns are in the lake:");
        out.println("  " + bucket.resolve("gold/predictions"));
        out.println("  " + bucket.resolve("patterns"));
        out.println("Query them with DuckDB, e.g.:");
        out.println("  SELECT symbol, prediction, confidence FROM read_parquet('" + bucket.resolve("gold/predictions")
                + "/**/*.parquet', hive_partitioning=true) ORDER BY symbol;");
        out.println("  SELECT signature, cases, share_up, share_down, share_flat FROM read_parquet('"
                + bucket.resolve("patterns") + "/*/unified.parquet');");
        out.println("Component logs: " + dir.resolve("locness.log") + "; metrics ports: " + pipeline.metricsPorts());
    }

    /** Clears a previous demo's data; refuses to clear a directory the demo did not create. */
    static Path prepareDataDir(Path dir) throws IOException {
        return DataDirectory.prepare(dir, "demo");
    }

    /** The demo's symbols: familiar tickers while there are enough of them, numbered ones beyond. */
    public static List<Symbol> symbols(int count) {
        return count <= SeedSymbols.WELL_KNOWN.size() ? SeedSymbols.wellKnown(count) : SeedSymbols.numbered(count);
    }

    private static void step(PrintStream out, long started, String what) {
        out.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private static void awaitInterrupt() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }
}
