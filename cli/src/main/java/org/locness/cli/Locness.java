package org.locness.cli;

import org.locness.cli.backfill.BackfillCommand;
import org.locness.cli.backtest.BacktestCommand;
import org.locness.cli.demo.DemoCommand;
import org.locness.cli.dlq.DlqCommand;
import org.locness.cli.lag.LagCommand;
import org.locness.cli.lake.LakeCommand;
import org.locness.cli.provision.ProvisionCommand;
import org.locness.cli.service.AggregatorCommand;
import org.locness.cli.service.DailyPrepCommand;
import org.locness.cli.service.InferenceNodeCommand;
import org.locness.cli.service.IngestCommand;
import org.locness.cli.service.SweeperCommand;
import org.locness.cli.stack.StackCommand;
import org.locness.cli.submit.SubmitCommand;
import org.locness.cli.status.StatusCommand;
import org.locness.cli.training.ExportPromptsCommand;
import org.locness.events.InvalidEventException;
import org.locness.events.ensemble.EnsembleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code locness} command: one subcommand per component as deployed on K3s, plus the local
 * stack, the demo and the operator's tools. Command output goes to stdout; JSON logs to stderr.
 */
@Command(name = "locness", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {
            "An ensemble of small language models over per-symbol market data, wired with Kafka, "
                    + "a MinIO/S3 lake, DJL and Temporal; publishes a weighted consensus per job.",
            "",
            "Configuration comes from the environment (LOCNESS_KAFKA_BOOTSTRAP, LOCNESS_S3_ENDPOINT, "
                    + "LOCNESS_S3_ACCESS_KEY, LOCNESS_S3_SECRET_KEY, LOCNESS_TEMPORAL_TARGET, LOCNESS_STAGING_DIR, "
                    + "LOCNESS_ENSEMBLE, LOCNESS_METRICS_PORT, ...); `locness stack` prints them for a local stack.",
            ""},
        subcommands = {StackCommand.class, IngestCommand.class, InferenceNodeCommand.class, SweeperCommand.class,
            AggregatorCommand.class, DailyPrepCommand.class, SubmitCommand.class, StatusCommand.class, LagCommand.class,
            LakeCommand.class, DlqCommand.class, BackfillCommand.class, ProvisionCommand.class, DemoCommand.class,
            BacktestCommand.class, ExportPromptsCommand.class, CommandLine.HelpCommand.class})
public final class Locness {
    /** Exit code for configuration and input errors: the message says what to fix. */
    public static final int CONFIG_ERROR = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Locness())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Locness::report);
    }

    /** Configuration mistakes get one clear line, not a stack trace; anything else keeps its trace. */
    private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof InvalidEventException
                || e instanceof EnsembleException) {
            cmd.getErr().println("locness " + cmd.getCommandName() + ": " + e.getMessage());
            return CONFIG_ERROR;
        }
        cmd.getErr().println("locness " + cmd.getCommandName() + " failed: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
