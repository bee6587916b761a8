package org.locness.cli.status;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.locness.events.id.JobId;
import org.locness.cli.run.KafkaOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code locness status JOB_ID}: where a job is across the topics, and why it stopped. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Traces a job across jobs.ready, inference.completed, results.staged, predictions.consensus "
                + "and every DLQ, says where it stands and, for a step not yet done, which loop owes it and why it has "
                + "not happened (no live consumer, retrying the record, or queued behind others); needs LOCNESS_KAFKA_BOOTSTRAP.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    KafkaOption kafka;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JOB_ID", description = "The job id, e.g. BTC-2026-11-27-001.")
    String jobId;

    @Override
    public Integer call() {
        JobTrace trace = new JobTracer(kafka.settings()).trace(JobId.of(jobId));
        PrintWriter out = spec.commandLine().getOut();
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
}
