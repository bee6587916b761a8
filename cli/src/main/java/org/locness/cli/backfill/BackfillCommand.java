package org.locness.cli.backfill;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.locness.cli.run.Environment;
import org.locness.cli.run.KafkaOption;
import org.locness.cli.status.TopicScanner;
import org.locness.events.InvalidEventException;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;
import org.locness.events.topic.Topic;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locness backfill --from D --to D [--symbols S,…] [--weekdays-only] [--wait]}. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Requests one job per symbol and date from --from to --to, each with the job id "
                + "<SYMBOL>-<DATE>-bf, so running the same backfill again is a no-op: ingest takes a request for an "
                + "id it already gave the same symbol, day and models as a duplicate and publishes nothing. Every "
                + "calendar day is included (the seed's and crypto symbols trade every day) unless --weekdays-only.",
                "Each request is the same as: echo '{\"symbol\":\"BTC\",\"date\":\"2026-11-02\",\"jobId\":"
                        + "\"BTC-2026-11-02-bf\"}' | kcat -P -b $LOCNESS_KAFKA_BOOTSTRAP -t jobs.requested -k BTC",
                "Run it while pre-swept/<SYMBOL>/ is empty (`locness lake ls pre-swept/`): ingest plans a job on "
                        + "whatever waits there, whatever the job's date.",
                "Needs LOCNESS_KAFKA_BOOTSTRAP (or --kafka-bootstrap), and LOCNESS_S3_* when --symbols is not given.",
                "Exit 0: all requested (and, with --wait, every consensus printed); 4: --wait timed out."})
public final class BackfillCommand implements Callable<Integer> {
    static final int TIMED_OUT = 4;
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);

    @Mixin
    KafkaOption kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First date, yyyy-MM-dd.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last date, yyyy-MM-dd (inclusive).")
    String to;

    @Option(names = "--symbols", split = ",", paramLabel = "SYMBOL",
            description = "The symbols, e.g. BTC,ETH (default: every symbol under market-data/ in the lake).")
    List<String> symbols;

    @Option(names = "--weekdays-only", description = "Skip Saturdays and Sundays (for exchange-traded symbols).")
    boolean weekdaysOnly;

    @Option(names = "--wait", description = "Wait for every job's consensus and print it.")
    boolean waitForConsensus;

    @Option(names = "--timeout", defaultValue = "PT30M", paramLabel = "DURATION", description = "How long --wait waits in all (ISO-8601, "
            + "default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        TradingDate first = TradingDate.of(from);
        TradingDate last = TradingDate.of(to);
        List<Symbol> explicit = symbols == null ? null : symbols.stream().map(String::trim).map(Symbol::of).toList();
        // Check the range before asking the lake for symbols: a typo should not cost a listing.
        BackfillPlan.checkRange(first, last);
        BackfillPlan plan = new BackfillPlan(first, last, explicit != null ? explicit : lakeSymbols(), weekdaysOnly);
        List<JobRequested> requests = plan.requests();
        PrintWriter out = spec.commandLine().getOut();
        try (JobSubmitter submitter = JobSubmitter.connect(kafka.settings(), Duration.ZERO)) {
            int n = 0;
            for (JobRequested request : requests) {
                submitter.submit(request);
                out.printf("[%d/%d] %s %s submitted as %s%n", ++n, requests.size(), request.symbol(), request.date(),
                        request.jobId());
                out.flush();
            }
            return waitForConsensus ? awaitAll(submitter, requests, out) : 0;
        }
    }

    private List<Symbol> lakeSymbols() {
        List<Symbol> found = MarketDataSymbols.in(Lake.connect(LakeSettings.fromEnvironment(new Environment().asMap())));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("the lake has no market-data/<SYMBOL>/ folders: give --symbols");
        }
        return found;
    }

    /**
     * A job of an earlier run may have its consensus already: it is read from the topic's start;
     * the rest arrive after the submitter was connected, so it sees them.
     */
    private int awaitAll(JobSubmitter submitter, List<JobRequested> requests, PrintWriter out) {
        Map<JobId, ConsensusPrediction> earlier = new HashMap<>();
        new TopicScanner(kafka.settings()).scan(Topic.PREDICTIONS_CONSENSUS.topicName(), record -> {
            try {
                ConsensusPrediction c = CONSENSUS.parse(record.value());
                earlier.put(c.jobId(), c);
            } catch (InvalidEventException unreadable) {
                // someone else's malformed record: not one of ours
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        int n = 0;
        for (JobRequested request : requests) {
            Optional<ConsensusPrediction> consensus = Optional.ofNullable(earlier.get(request.jobId()))
                    .or(() -> submitter.awaitConsensus(request.jobId(),
                            Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
            if (consensus.isEmpty()) {
                spec.commandLine().getErr().println("no consensus for " + request.jobId() + " within " + timeout
                        + "; see `locness status " + request.jobId() + "`");
                return TIMED_OUT;
            }
            ConsensusPrediction c = consensus.get();
            out.printf("[%d/%d] %s %s%s%n", ++n, requests.size(), c.jobId(), c.status(),
                    c.prediction() == null ? " (" + c.reason() + ")" : " " + c.prediction());
            out.flush();
        }
        return 0;
    }
}
