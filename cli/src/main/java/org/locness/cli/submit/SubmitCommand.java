package org.locness.cli.submit;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.locness.cli.status.LabelsOf;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.ingest.submit.JobRejectedException;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.cli.run.KafkaOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code locness submit SYMBOL [--date D] [--wait]}: publish a job request, optionally wait for its consensus. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Publishes a job request to jobs.requested (the same as `echo '{\"symbol\":\"BTC\"}' | kcat -P "
                + "-t jobs.requested -k BTC`), waits for ingest to accept or reject it, and with --wait prints the "
                + "job's consensus.", "Exit 0: accepted (and, with --wait, consensus printed); 2: rejected; 4: timed out."})
public final class SubmitCommand implements Callable<Integer> {
    static final int TIMED_OUT = 4;
    static final int REJECTED = 2;

    @Mixin
    KafkaOption kafka;

    @Parameters(paramLabel = "SYMBOL", description = "The symbol, e.g. BTC.")
    String symbol;

    @Option(names = "--date", description = "The job's date, yyyy-MM-dd (default: today in ingest's zone).")
    String date;

    @Option(names = "--job-id", description = "An explicit job id (default: derived from symbol, date and a sequence).")
    String jobId;

    @Option(names = "--models", split = ",", description = "A subset of the ensemble's models (default: all).")
    List<String> models;

    @Option(names = "--wait", description = "Wait for the job's consensus and print it.")
    boolean waitForConsensus;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "How long --wait waits (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        JobRequested request = new JobRequested(Symbol.of(symbol), date == null ? null : TradingDate.of(date),
                jobId == null ? null : JobId.of(jobId), models == null ? null : models.stream().map(ModelName::of).toList());
        try (JobSubmitter submitter = JobSubmitter.connect(kafka.settings(),
                Duration.ofSeconds(30))) {
            Optional<JobId> accepted;
            try {
                accepted = submitter.submit(request);
            } catch (JobRejectedException e) {
                err().println("rejected: " + e.reason());
                return REJECTED;
            }
            if (accepted.isEmpty()) {
                err().println("published, but ingest did not answer within 30 s: is `locness ingest` running?");
                return TIMED_OUT;
            }
            out().println("accepted " + accepted.get());
            if (!waitForConsensus) {
                return 0;
            }
            Optional<ConsensusPrediction> consensus = submitter.awaitConsensus(accepted.get(), timeout);
            if (consensus.isEmpty()) {
                err().println("no consensus for " + accepted.get() + " within " + timeout
                        + "; see `locness status " + accepted.get() + "`");
                return TIMED_OUT;
            }
            out().println(describe(consensus.get()));
            return 0;
        }
    }

    @Spec
    CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static String describe(ConsensusPrediction c) {
        if (c.prediction() == null) {
            return String.format(Locale.ROOT, "%s %s %s: %s (%s)", c.jobId(), c.symbol(), c.date(), c.status(), c.reason());
        }
        return String.format(Locale.ROOT, "%s %s %s: %s %s %s confidence %.3f agreement %.3f%s", c.jobId(), c.symbol(),
                c.date(), c.status(), c.prediction(), LabelsOf.format(c.probabilities()), c.confidence(), c.agreement(),
                c.modelsMissing().isEmpty() ? "" : " missing " + c.modelsMissing());
    }
}
