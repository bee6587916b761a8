package org.locness.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.infra.embedded.StackOptions;

/**
 * Production Kafka security end to end: on a SCRAM-SHA-512 broker with the StandardAuthorizer and
 * the users and ACLs of {@code strimzi/users.yaml}, every component runs under its own KafkaUser
 * (the lake publishes as MinIO's, the operator submits as {@code cli}) and jobs still reach a
 * complete consensus. An ACL a component lacks would stall or kill its loop, and the job with it.
 */
class SecurePipelineIT {
    private static final Path USERS = PipelineFixture.REPO.resolve("strimzi/users.yaml");

    @Test
    void everyComponentUnderItsOwnKafkaUserCarriesJobsToAConsensus(@TempDir Path dir) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(StackOptions.ephemeral(dir.resolve("stack"), true)
                .withSecureKafka(USERS))) {
            // Given a secured stack, a seeded lake and the whole pipeline, each component under its own user
            List<Symbol> symbols = PipelineFixture.seed(stack, dir.resolve("seed"), 2);
            try (LocalPipeline pipeline = PipelineFixture.start(stack, dir.resolve("pipeline"), Duration.ofMinutes(5));
                    ProgressWatcher watcher = new ProgressWatcher(stack.kafkaSettings())) {
                pipeline.dailyPrep().runNow(PipelineFixture.TODAY);

                // When the operator submits a job per symbol
                List<JobId> jobs = PipelineFixture.submit(stack, symbols);
                Map<JobId, ConsensusPrediction> consensus = PipelineFixture.awaitConsensus(watcher, jobs,
                        Duration.ofMinutes(3));

                // Then every job has a complete consensus from all six models
                assertEquals(symbols.size(), consensus.size());
                for (ConsensusPrediction c : consensus.values()) {
                    assertEquals(ConsensusStatus.COMPLETE, c.status(), c.toString());
                    assertEquals(6, c.modelsUsed().size(), c.toString());
                }
            }
        }
    }
}
