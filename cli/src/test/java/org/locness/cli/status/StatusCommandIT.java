package org.locness.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.locness.cli.Locness;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.testing.EmbeddedStackTest;

/** {@code locness status} on a job nobody is working on names the loop that owes it and says it is down. */
@EmbeddedStackTest
class StatusCommandIT {
    @Test
    void aRequestWithoutARunningIntakeIsExplainedAsADownLoop(EmbeddedStack stack) throws Exception {
        // Given a job request on jobs.requested and no ingest running
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("status-it"))) {
            producer.send(new ProducerRecord<>(Topic.JOBS_REQUESTED.topicName(), "BTC",
                    "{\"symbol\":\"BTC\",\"jobId\":\"stalled-1\"}".getBytes(StandardCharsets.UTF_8))).get();
        }

        // When the operator asks for its status
        StringWriter out = new StringWriter();
        int exit = Locness.commandLine().setOut(new PrintWriter(out))
                .execute("status", "--kafka-bootstrap", stack.kafkaBootstrap(), "stalled-1");

        // Then the report names the request, the intake loop that owes it, and that nothing consumes for it
        String report = out.toString();
        assertEquals(0, exit, report);
        assertTrue(report.contains("requested: jobs.requested/"), report);
        assertTrue(report.contains("stalled:   intake to jobs.ready (loop ingest-jobs"), report);
        assertTrue(report.contains("no live consumer in group ingest-jobs"), report);
    }
}
