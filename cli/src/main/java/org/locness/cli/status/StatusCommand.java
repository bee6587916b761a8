package org.locness.cli.status;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.locness.events.ensemble.EnsembleException;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.id.JobId;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.cli.run.KafkaOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code locness status JOB_ID}: where a job is across the topics, and why it stopped. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Traces a job across jobs.ready, inference.completed, results.staged, predictions.consensus "
                + "and every DLQ, says where it stands and, for a step not yet done, which loop owes it and why it has "
                + "not happened (no live consumer, retrying the record, or queued behind others); shows the job's "
                + "realized outcome (outcomes.realized) or the market data it waits for; needs LOCNESS_KAFKA_BOOTSTRAP.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    KafkaOption kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--ensemble", paramLabel = "FILE",
            description = "Ensemble file whose outcome section names a pending outcome's horizon day "
                    + "(default: LOCNESS_ENSEMBLE, else config/ensemble.yaml).")
    Path ensemble;

    @Parameters(paramLabel = "JOB_ID", description = "The job id, e.g. BTC-2026-11-27-001.")
    String jobId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JobTrace trace = new JobTracer(kafka.settings(), outcomeDefinition()).trace(JobId.of(jobId));
        out.print(trace.render());
        if (!trace.pendingSteps().isEmpty()) {
            try (GroupInspector groups = new GroupInspector(kafka.settings())) {
                for (PendingStep step : trace.pendingSteps()) {
                    out.println("  stalled:   " + StallExplanation.explain(step, groups.progress(step.loop(), step.input())));
                }
            }
        }
        out.flush();
        return trace.found() ? 0 : 3;
    }

    /** The ensemble's outcome definition; null (the horizon day goes unnamed) if the file cannot be read. */
    private OutcomeDefinition outcomeDefinition() {
        Path file = ensemble != null ? ensemble
                : Path.of(System.getenv().getOrDefault(EnsembleLoader.ENV, EnsembleLoader.DEFAULT.toString()));
        try {
            return EnsembleLoader.load(file).outcome();
        } catch (EnsembleException e) {
            spec.commandLine().getErr().println("note: " + file + " is not readable (" + e.getMessage()
                    + "): a pending outcome's horizon day is not named");
            return null;
        }
    }
}
