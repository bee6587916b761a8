package org.locness.cli.stack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.locness.events.ensemble.EnsembleException;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.NodeSpec;
import org.locness.events.id.NodeName;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Component;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.infra.embedded.StrimziKafkaUsers;
import org.locness.infra.embedded.StackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness stack}: the embedded Kafka, S3 lake and Temporal on fixed ports, until interrupted. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"Runs a local stack: a KRaft Kafka broker with every Locness topic, an S3 server with "
                + "bucket 'lake' that publishes object events to lake.object-events in MinIO's format, and a "
                + "Temporal endpoint. Prints `export NAME=value` lines, then `ready`, then (as # comments) a "
                + "distinct LOCNESS_METRICS_PORT for each service you may start by hand on this machine; runs "
                + "until interrupted.",
                "With --secure, Kafka is secured as on the cluster: SASL_PLAINTEXT with SCRAM-SHA-512 for the "
                        + "KafkaUsers of --kafka-users (Strimzi CRs, passwords generated at start) and only their ACLs; "
                        + "the exports are then the operator's user, and comments after `ready` give the kcat options "
                        + "and each service's credentials.",
                "With --data-dir, stopping and starting it again on the same directory (and ports) keeps every "
                        + "topic, record, committed offset and lake object; Temporal's test server keeps nothing.",
                "", "Example:  ./locness stack > /tmp/locness.env &  then, once it says ready:  . /tmp/locness.env"})
public final class StackCommand implements Callable<Integer> {
    /** librdkafka's names for what KafkaSettings configures, reading the exported credentials. */
    static final String KCAT_SASL_OPTIONS = "-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=SCRAM-SHA-512"
            + " -X sasl.username=\"$LOCNESS_KAFKA_USERNAME\" -X sasl.password=\"$LOCNESS_KAFKA_PASSWORD\"";
    /** The embedded lake publishes object events as MinIO's user; nobody starts it by hand. */
    private static final String LAKE_USER = StrimziKafkaUsers.userName(Component.MINIO);

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9000", description = "S3 port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--temporal-port", defaultValue = "7233", description = "Temporal gRPC port (default: ${DEFAULT-VALUE}).")
    int temporalPort;

    @Option(names = "--data-dir", description = "Keep the stack's data here across runs (default: a temporary "
            + "directory removed on exit).")
    Path dataDir;

    @Option(names = "--no-temporal", description = "Do not start the Temporal endpoint.")
    boolean noTemporal;

    @Option(names = "--secure", description = "Secure Kafka with SCRAM-SHA-512 users and ACLs, as on the cluster.")
    boolean secure;

    @Option(names = "--kafka-users", description = "The KafkaUser CRs --secure takes users and ACLs from "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "strimzi/users.yaml")
    Path kafkaUsers;

    @Option(names = "--ensemble", description = "Ensemble file whose nodes get metrics ports suggested "
            + "(LOCNESS_ENSEMBLE, default config/ensemble.yaml).")
    Path ensemble;

    @Override
    public Integer call() throws Exception {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("locness-stack-") : dataDir;
        StackOptions options = StackOptions.local(kafkaPort, s3Port, temporalPort, dir, !noTemporal, temporary,
                System.getenv());
        EmbeddedStack stack = EmbeddedStack.start(secure ? options.withSecureKafka(kafkaUsers) : options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stack.close();
            } catch (Exception e) {
                System.err.println("stack shutdown: " + e);
            }
        }, "stack-shutdown"));
        printExports(stack, System.out);
        if (stack.kafkaSecured()) {
            printKafkaAccess(stack, System.out);
        }
        printMetricsPorts(System.out);
        new CountDownLatch(1).await();
        return 0;
    }

    static void printExports(EmbeddedStack stack, PrintStream out) {
        stack.environment().forEach((name, value) -> out.println("export " + name + "=" + value));
        out.println("ready");
        out.flush();
    }

    /** The kcat options for the exported operator user, and each service's own user, as comments after `ready`. */
    static void printKafkaAccess(EmbeddedStack stack, PrintStream out) {
        out.println("# Kafka is SASL_PLAINTEXT (no TLS: it listens on 127.0.0.1 only) with SCRAM-SHA-512; the exports "
                + "above are KafkaUser '" + EmbeddedStack.OPERATOR + "', the operator's (every topic and DLQ, writes "
                + "jobs.requested). kcat with them:");
        out.println("#   kcat -b \"$LOCNESS_KAFKA_BOOTSTRAP\" " + KCAT_SASL_OPTIONS + " -L");
        out.println("# A service started by hand connects as its own KafkaUser, with only its ACLs:");
        for (String user : stack.kafkaUsers()) {
            if (!user.equals(EmbeddedStack.OPERATOR) && !user.equals(LAKE_USER)) {
                KafkaSettings settings = stack.kafkaSettings(user);
                out.println("#   " + user + ": LOCNESS_KAFKA_USERNAME=" + settings.username() + " LOCNESS_KAFKA_PASSWORD="
                        + settings.password());
            }
        }
        out.flush();
    }

    /** After `ready`, so whoever reads the exports up to `ready` is not disturbed; comments, so sourcing is safe. */
    private void printMetricsPorts(PrintStream out) {
        Path file = ensemble != null ? ensemble
                : Path.of(System.getenv().getOrDefault(EnsembleLoader.ENV, EnsembleLoader.DEFAULT.toString()));
        List<NodeName> nodes = List.of();
        String problem = null;
        try {
            nodes = EnsembleLoader.load(file).nodes().stream().map(NodeSpec::name).toList();
        } catch (EnsembleException e) {
            problem = e.getMessage().replaceAll("\\s*\n\\s*", " ");
        }
        out.println("# Each service serves /metrics on 9400 unless told otherwise; started by hand on one machine:");
        MetricsPortPlan.forNodes(nodes, Set.of(kafkaPort, s3Port, temporalPort))
                .entries().forEach(entry -> out.println("#   " + entry.line()));
        if (problem != null) {
            out.println("# (no per-node ports: " + problem + "; pass --ensemble)");
        }
        out.flush();
    }
}
