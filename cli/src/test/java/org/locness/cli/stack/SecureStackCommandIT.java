package org.locness.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.topic.Topic;

/**
 * `locness stack --secure` as an operator uses it: the exports are the operator's KafkaUser, which
 * reads every topic and DLQ and submits jobs but nothing more, and the kcat line it prints works.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecureStackCommandIT {
    private static final Path JAR = Path.of("target", "locness.jar");
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Pattern KCAT_LINE = Pattern.compile("^#\\s+(kcat .*)$");
    /** librdkafka before 2.6.1 repeats the client nonce in SCRAM's final message; Kafka 4 refuses it (since CVE-2024-56128). */
    private static final Pattern LIBRDKAFKA_VERSION = Pattern.compile("librdkafka ([0-9]+)\\.([0-9]+)\\.([0-9]+)");

    @Test
    void exportsTheOperatorsUserAndKcatOptionsThatWork(@TempDir Path dir) throws Exception {
        Process process = new ProcessBuilder("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString(), "stack", "--secure", "--no-temporal",
                "--kafka-users", REPOSITORY.resolve("strimzi/users.yaml").toString(),
                "--kafka-port", Integer.toString(freePort()), "--s3-port", Integer.toString(freePort()),
                "--ensemble", REPOSITORY.resolve("config/ensemble.yaml").toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile())).start();
        long started = System.nanoTime();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Map<String, String> exports = readExports(out, dir);
            System.out.printf("secure stack ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            List<String> comments = readComments(out);

            // The exports are the operator's user: every topic and DLQ, job requests, nothing else.
            assertEquals("operator", exports.get("LOCNESS_KAFKA_USERNAME"));
            KafkaSettings operator = KafkaSettings.fromEnvironment(exports);
            try (Admin admin = Admin.create(operator.common())) {
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(allTopics()));
            }
            send(operator, Topic.JOBS_REQUESTED.topicName(), "{\"symbol\":\"ETH\"}");
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> send(operator, Topic.JOBS_READY.topicName(), "{}"));
            assertTrue(refused.getCause() instanceof TopicAuthorizationException, refused.toString());
            KafkaSettings wrong = new KafkaSettings(operator.bootstrap(), operator.username(), operator.password() + "x");
            ExecutionException denied = assertThrows(ExecutionException.class, () -> send(wrong,
                    Topic.JOBS_REQUESTED.topicName(), "{}"));
            assertTrue(denied.getCause() instanceof SaslAuthenticationException, denied.toString());

            // Each service's own user is printed for starting it by hand; the password never twice.
            assertTrue(comments.stream().anyMatch(l -> l.startsWith("#   ingest: LOCNESS_KAFKA_USERNAME=ingest LOCNESS_KAFKA_PASSWORD=")),
                    comments.toString());
            assertTrue(comments.stream().noneMatch(l -> l.contains(operator.password())), "the operator's password repeated");
            String stderr = Files.readString(dir.resolve("stderr.log"));
            assertTrue(!stderr.contains(operator.password()), "the operator's password is in the log");

            // The printed kcat line, run as the operator would after sourcing the exports.
            String kcat = comments.stream().map(KCAT_LINE::matcher).filter(Matcher::matches).map(m -> m.group(1))
                    .findFirst().orElseThrow(() -> new AssertionError("no kcat line in " + comments));
            assertTrue(kcat.contains("-X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=SCRAM-SHA-512"), kcat);
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "Debian's kcat is not installed");
            Map<String, String> wrongPassword = new LinkedHashMap<>(exports);
            wrongPassword.put("LOCNESS_KAFKA_PASSWORD", operator.password() + "x");
            Shell refusedList = Shell.run(kcat + " -m 10", wrongPassword, "");
            assertNotEquals(0, refusedList.exit());
            assertTrue(refusedList.output().contains("Authentication failed"), refusedList.output());

            Optional<String> old = oldLibrdkafka();
            assumeTrue(old.isEmpty(), "kcat's librdkafka " + old.orElse("") + " cannot do SCRAM with Kafka 4 "
                    + "(it repeats the client nonce; fixed in librdkafka 2.6.1): install a kcat built on librdkafka >= 2.6.1");
            Shell list = Shell.run(kcat, exports, "");
            assertEquals(0, list.exit(), list.output());
            for (String topic : allTopics()) {
                assertTrue(list.output().contains("topic \"" + topic + "\""), topic + " missing:\n" + list.output());
            }
            Shell produce = Shell.run(kcat.replace(" -L", " -P -t " + Topic.JOBS_REQUESTED.topicName() + " -k BTC"), exports,
                    "{\"symbol\":\"BTC\"}\n");
            assertEquals(0, produce.exit(), produce.output());
            assertTrue(readValues(operator).contains("{\"symbol\":\"BTC\"}"));
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the stack did not stop on SIGTERM");
        }
    }

    private static List<String> allTopics() {
        List<String> all = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            all.add(topic.topicName());
            all.add(topic.dlqName());
        }
        return all;
    }

    private static void send(KafkaSettings settings, String topic, String value) throws Exception {
        var props = settings.producer("it-secure-stack");
        props.put("max.block.ms", 20_000);
        props.put("delivery.timeout.ms", 20_000);
        props.put("request.timeout.ms", 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, "k", value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    /** What the operator's user reads back from jobs.requested, in a group of its own (locness-cli-…). */
    private static List<String> readValues(KafkaSettings operator) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(operator.consumer("locness-cli-it"))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topic.JOBS_REQUESTED.partitions(); p++) {
                partitions.add(new TopicPartition(Topic.JOBS_REQUESTED.topicName(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    /** The version of kcat's librdkafka when it is one that cannot authenticate to Kafka 4 with SCRAM. */
    private static Optional<String> oldLibrdkafka() throws Exception {
        Shell version = Shell.run("kcat -V", Map.of(), "");
        Matcher m = LIBRDKAFKA_VERSION.matcher(version.output());
        if (!m.find()) {
            return Optional.empty();
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        boolean fixed = v[0] > 2 || (v[0] == 2 && (v[1] > 6 || (v[1] == 6 && v[2] >= 1)));
        return fixed ? Optional.empty() : Optional.of(m.group().replace("librdkafka ", ""));
    }

    private static Map<String, String> readExports(BufferedReader out, Path dir) throws Exception {
        Map<String, String> exports = new LinkedHashMap<>();
        for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
            if (line == null) {
                throw new AssertionError("the stack exited before `ready`:\n" + exports.keySet() + "\n"
                        + Files.readString(dir.resolve("stderr.log")));
            }
            assertTrue(line.startsWith("export LOCNESS_"), line);
            String[] kv = line.replaceFirst("^export ", "").split("=", 2);
            exports.put(kv[0], kv[1]);
        }
        return exports;
    }

    /** The comment block after `ready`, up to the metrics ports' heading. */
    private static List<String> readComments(BufferedReader out) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.startsWith("# Each service serves /metrics"); line = out.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A command line run by bash with the given environment, as a user pastes it after sourcing the exports. */
    private record Shell(int exit, String output) {
        static Shell run(String command, Map<String, String> env, String stdin) throws Exception {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
            return new Shell(process.exitValue(), output);
        }
    }
}
