package org.locness.cli.lag;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.locness.cli.run.KafkaOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locness lag}: every Locness consumer group's lag per partition, once or every few seconds. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Prints, like kafka-consumer-groups --describe, each Locness consumer group's committed offset, "
                + "the partition's end and the lag between them, the client owning the partition and the group's state; "
                + "needs LOCNESS_KAFKA_BOOTSTRAP.",
            "Groups are those of the pipeline's components (ingest-*, inference-*, sweeper-*, aggregator*); "
                + "the live per-partition lag of each running consumer is also on its /metrics as locness_consumer_lag."})
public final class LagCommand implements Callable<Integer> {
    @Mixin
    KafkaOption kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "5", paramLabel = "SECONDS",
            description = "Print again every SECONDS (default when given without a value: ${FALLBACK-VALUE}) until interrupted.")
    Integer watchSeconds;

    @Option(names = "--count", paramLabel = "N",
            description = "With --watch, stop after N tables (default: until interrupted).")
    Integer count;

    @Override
    public Integer call() throws InterruptedException {
        if (watchSeconds != null && watchSeconds < 1) {
            throw new IllegalArgumentException("--watch takes a number of seconds of at least 1, not " + watchSeconds);
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count takes at least 1, not " + count);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LagReader reader = new LagReader(kafka.settings())) {
            if (watchSeconds == null) {
                out.print(LagTable.render(reader.read()));
                out.flush();
                return 0;
            }
            for (int printed = 0; count == null || printed < count; printed++) {
                if (printed > 0) {
                    Thread.sleep(watchSeconds * 1000L);
                    out.println();
                }
                out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS));
                out.print(LagTable.render(reader.read()));
                out.flush();
            }
        }
        return 0;
    }
}
