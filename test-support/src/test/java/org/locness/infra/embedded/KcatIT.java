package org.locness.infra.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;
import org.locness.events.topic.Topic;
import org.locness.testing.EmbeddedStackTest;

/** What an operator does by hand with Debian's kcat works against the embedded broker. */
@EmbeddedStackTest
class KcatIT {

    @Test
    void kcatProducedJobRequestReadsBackThroughTheProjectsParser(EmbeddedStack stack) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "Debian's kcat is not installed (scripts/test.sh installs it)");

        Process produce = new ProcessBuilder("kcat", "-P", "-b", stack.kafkaBootstrap(), "-t",
                Topic.JOBS_REQUESTED.topicName(), "-k", "BTC").redirectErrorStream(true).start();
        produce.getOutputStream().write("{\"symbol\":\"BTC\"}\n".getBytes(StandardCharsets.UTF_8));
        produce.getOutputStream().close();
        assertTrue(produce.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, produce.exitValue(), new String(produce.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(stack.kafkaSettings().consumer("it-kcat"))) {
            consumer.subscribe(List.of(Topic.JOBS_REQUESTED.topicName()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(1, records.size());
        assertEquals("BTC", records.get(0).key());
        JobRequested job = EventCodec.of(JobRequested.class).parse(records.get(0).value());
        assertEquals("BTC", job.symbol().value());
        assertNull(job.jobId());
        assertNull(job.date());
    }

    @Test
    void kcatListsEveryRegistryTopic(EmbeddedStack stack) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "Debian's kcat is not installed (scripts/test.sh installs it)");

        Process list = new ProcessBuilder("kcat", "-L", "-b", stack.kafkaBootstrap()).redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(30, TimeUnit.SECONDS));

        for (Topic topic : Topic.values()) {
            assertTrue(out.contains("topic \"" + topic.topicName() + "\""), topic.topicName() + " missing:\n" + out);
            assertTrue(out.contains("topic \"" + topic.dlqName() + "\""), topic.dlqName() + " missing:\n" + out);
        }
    }
}
