package org.locness.cli.dlq;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.cli.Locness;
import org.locness.cli.status.TopicScanner;
import org.locness.events.id.ObjectKey;
import org.locness.events.metrics.MetricsServer;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.service.IngestConfig;
import org.locness.ingest.service.IngestService;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;

/** Ingest running in-process on an embedded stack, and the operator's commands run against it. */
public final class IngestFixture {
    private static final Path ENSEMBLE = Path.of("..", "config", "ensemble.yaml").toAbsolutePath().normalize();

    private IngestFixture() {
    }

    public static IngestService start(EmbeddedStack stack) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("LOCNESS_ENSEMBLE", ENSEMBLE.toString());
        env.put(IngestConfig.AUTO_TRIGGER_ENV, "false");
        env.put(IngestConfig.INSTANCE_ENV, "cli-it");
        env.put(MetricsServer.PORT_ENV, "0");
        return IngestService.start(IngestConfig.fromEnvironment(env), new SimpleMeterRegistry());
    }

    public static Lake lake(EmbeddedStack stack) {
        return Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
    }

    /** An object whose key is all pre-job prep looks at: it plans a job on market data by key. */
    public static void putMarketData(Lake lake, String key) {
        byte[] bytes = "bars".getBytes();
        lake.put(ObjectKey.of(key), new ByteArrayInputStream(bytes), bytes.length);
    }

    public static List<ConsumerRecord<String, byte[]>> read(EmbeddedStack stack, String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        if (!new TopicScanner(stack.kafkaSettings()).scan(topic, records::add)) {
            throw new AssertionError("could not read " + topic + " to its end");
        }
        return records;
    }

    /** {@code locness ARGS --kafka-bootstrap …}: the exit code and what it printed. */
    public static Run run(EmbeddedStack stack, String... args) {
        return run(stack.kafkaBootstrap(), args);
    }

    public static Run run(String kafkaBootstrap, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--kafka-bootstrap");
        all.add(kafkaBootstrap);
        int exit = Locness.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n" + out + err;
        }
    }
}
