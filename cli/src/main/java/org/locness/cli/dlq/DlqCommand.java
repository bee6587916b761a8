package org.locness.cli.dlq;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.locness.cli.run.KafkaOption;
import org.locness.cli.status.TopicScanner;
import org.locness.events.kafka.DeadLetterRouter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locness dlq ls|show|replay}: look at dead letters, and re-drive them once the cause is fixed. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead-letter queues (<topic>.dlq): list them, show one record, replay them to their source topic; "
                + "needs LOCNESS_KAFKA_BOOTSTRAP or --kafka-bootstrap. TOPIC is a registry topic or its DLQ, e.g. "
                + "jobs.requested or jobs.requested.dlq.",
        subcommands = {DlqCommand.Ls.class, DlqCommand.Show.class, DlqCommand.Replay.class})
public final class DlqCommand {
    /** Exit code of {@code show} for an offset that holds no record, and of {@code replay} when it refused some. */
    static final int NOT_DONE = 3;

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"Lists a DLQ's records, oldest first: partition, offset, time (UTC), key, value size, source "
                    + "topic/partition/offset, dlq_field and dlq_reason; 'truncated' or 'no value' when the DLQ "
                    + "record does not carry the whole original.",
                    "The same as: kcat -C -b $LOCNESS_KAFKA_BOOTSTRAP -t jobs.requested.dlq -e -f '%%p %%o %%T %%k %%S %%h\\n'"})
    static final class Ls implements Callable<Integer> {
        @Mixin
        KafkaOption kafka;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TOPIC", description = "e.g. jobs.requested or jobs.requested.dlq")
        String topic;

        @Override
        public Integer call() {
            DeadLetterTopic dlq = DeadLetterTopic.parse(topic);
            List<DeadLetter> letters = new ArrayList<>();
            boolean complete = new TopicScanner(kafka.settings()).scan(dlq.name(), r -> letters.add(new DeadLetter(r)));
            PrintWriter out = spec.commandLine().getOut();
            out.println("PART OFFSET TIME                     KEY SIZE SOURCE FIELD REASON");
            for (DeadLetter letter : letters) {
                ConsumerRecord<String, byte[]> r = letter.record();
                out.println(String.format(Locale.ROOT, "%d %d %s %s %d%s %s %s %s", r.partition(), r.offset(),
                        letter.time(), r.key(), letter.size(), state(letter), letter.source(),
                        letter.header(DeadLetterRouter.FIELD).orElse("-"), letter.reason()));
            }
            out.flush();
            spec.commandLine().getErr().println(letters.size() + " record(s) in " + dlq
                    + (complete ? "" : " (stopped after 30 s before the end)"));
            return complete ? 0 : 1;
        }

        private static String state(DeadLetter letter) {
            return letter.dropped().isPresent() ? " (no value)" : letter.truncated() ? " (truncated)" : "";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Shows one DLQ record: key, time, every header, and the value as text, saying when the value "
                    + "is truncated or missing (its original size and SHA-256 are in the headers).",
                    "The same as: kcat -C -b $LOCNESS_KAFKA_BOOTSTRAP -t jobs.requested.dlq -p 0 -o OFFSET -c 1 -f "
                            + "'%%k\\n%%h\\n%%s\\n'",
                    "Exit 0: shown; 3: no record at that offset (never written, or past retention)."})
    static final class Show implements Callable<Integer> {
        @Mixin
        KafkaOption kafka;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TOPIC", description = "e.g. jobs.requested or jobs.requested.dlq")
        String topic;

        @Parameters(index = "1", paramLabel = "OFFSET", description = "The record's offset, as `dlq ls` prints it.")
        long offset;

        @Option(names = "--partition", defaultValue = "0", description = "The DLQ partition (default: ${DEFAULT-VALUE}; "
                + "DLQs have one).")
        int partition;

        @Override
        public Integer call() {
            DeadLetterTopic dlq = DeadLetterTopic.parse(topic);
            if (offset < 0 || partition < 0) {
                throw new IllegalArgumentException("OFFSET and --partition must not be negative");
            }
            Optional<ConsumerRecord<String, byte[]>> found = new TopicScanner(kafka.settings()).read(dlq.name(),
                    partition, offset);
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("no record at " + dlq + "/" + partition + "/" + offset
                        + ": see `locness dlq ls " + dlq + "`");
                return NOT_DONE;
            }
            DeadLetter letter = new DeadLetter(found.get());
            PrintWriter out = spec.commandLine().getOut();
            out.println("record:  " + letter.coordinates());
            out.println("time:    " + letter.time());
            out.println("key:     " + letter.record().key());
            out.println("headers:");
            for (Header header : letter.record().headers()) {
                out.println("  " + header.key() + ": " + (header.value() == null ? "(null)"
                        : new String(header.value(), StandardCharsets.UTF_8)));
            }
            out.println(describeValue(letter));
            out.println(letter.valueText());
            out.flush();
            return 0;
        }

        private static String describeValue(DeadLetter letter) {
            String original = letter.header(DeadLetterRouter.ORIGINAL_SIZE).orElse("?") + " bytes, sha256 "
                    + letter.header(DeadLetterRouter.ORIGINAL_SHA256).orElse("?");
            if (letter.dropped().isPresent()) {
                return "value:   none (" + letter.dropped().get() + "); the original was " + original;
            }
            if (letter.truncated()) {
                return "value:   TRUNCATED to its first " + letter.size() + " bytes; the original was " + original;
            }
            return "value:   " + letter.size() + " bytes";
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Re-publishes dead letters to the topic they came from (dlq_source_topic): the original key, "
                    + "value and headers, without the dlq_* ones, plus " + DeadLetterReplayer.REPLAYED_FROM
                    + "=<dlq>/<partition>/<offset>. That header marks what was replayed: a dead letter already "
                    + "named by one on the source topic is not replayed again. Truncated and value-less dead "
                    + "letters are refused.",
                    "Exit 0: done; 3: some records were refused (the output says why)."})
    static final class Replay implements Callable<Integer> {
        @Mixin
        KafkaOption kafka;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TOPIC", description = "e.g. jobs.requested or jobs.requested.dlq")
        String topic;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Only records whose dlq_reason contains TEXT.")
        String reason;

        @Option(names = "--since", paramLabel = "WHEN", description = "Only records dead-lettered at or after WHEN: an "
                + "instant (2026-11-02T08:00:00Z) or a duration back from now (PT1H, P2D).")
        String since;

        @Option(names = "--dry-run", description = "Say what would be replayed; publish nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            DeadLetterTopic dlq = DeadLetterTopic.parse(topic);
            ReplayFilter filter = new ReplayFilter(reason, ReplayFilter.since(since, Clock.systemUTC()));
            PrintWriter out = spec.commandLine().getOut();
            DeadLetterReplayer.Report report = new DeadLetterReplayer(kafka.settings()).replay(dlq, filter, dryRun,
                    line -> {
                        out.println(line);
                        out.flush();
                    });
            out.println(String.format(Locale.ROOT, "%s %d, already replayed %d, refused %d, not selected %d",
                    dryRun ? "would replay" : "replayed", report.replayed(), report.alreadyReplayed(), report.refused(),
                    report.filteredOut()));
            out.flush();
            return report.refused() > 0 ? NOT_DONE : 0;
        }
    }
}
