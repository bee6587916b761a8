package org.locness.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.json.EventCodec;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;
import org.locness.testing.GroupOffsets;
import org.locness.testing.TopicReader;

/** A node down during a run: partial consensus at the deadline; its late results are not double-counted. */
@EmbeddedStackTest(temporal = true)
class NodeStoppedIT {
    private static final EventCodec<ConsensusPrediction> CONSENSUS = EventCodec.of(ConsensusPrediction.class);
    private static final NodeName VM2 = NodeName.of("vm2");
    private static final Set<ModelName> VM2_MODELS = Set.of(ModelName.of("qwen-7b-tiny"), ModelName.of("gemma-2b-tiny"),
            ModelName.of("phi-3-mini-tiny"));

    @Test
    void jobsOfAStoppedNodeGetAPartialConsensusAndItsRestartDoesNotDoubleCount(EmbeddedStack stack, @TempDir Path dir)
            throws Exception {
        // Given the pipeline with a short deadline, and vm2's inference node stopped
        List<Symbol> symbols = PipelineFixture.seed(stack, dir.resolve("seed"), 3);
        try (LocalPipeline pipeline = PipelineFixture.start(stack, dir.resolve("pipeline"), Duration.ofSeconds(15));
                ProgressWatcher watcher = new ProgressWatcher(stack.kafkaSettings())) {
            pipeline.dailyPrep().runNow(PipelineFixture.TODAY);
            pipeline.stopNode(VM2);

            // When jobs are submitted
            List<JobId> jobs = PipelineFixture.submit(stack, symbols);
            Map<JobId, ConsensusPrediction> consensus = PipelineFixture.awaitConsensus(watcher, jobs, Duration.ofMinutes(3));

            // Then each gets a PARTIAL consensus from vm1's majority of the weight, naming vm2's models
            for (ConsensusPrediction c : consensus.values()) {
                assertEquals(ConsensusStatus.PARTIAL, c.status(), c.toString());
                assertTrue(c.partial());
                assertEquals(VM2_MODELS, Set.copyOf(c.modelsMissing()), c.toString());
                assertEquals(3, c.modelsUsed().size());
            }

            // When vm2 comes back and works off its backlog
            pipeline.startNode(VM2);
            int aggregatorPort = pipeline.metricsPorts().get("aggregator");
            Await.until("vm2's late results at the aggregator", Duration.ofMinutes(2),
                    () -> lateResults(aggregatorPort) >= jobs.size() * 3.0);

            // Then its results are recorded as late and no job gets a second consensus: once the
            // aggregator has committed past every result (its output commits with its offsets),
            // the consensus topic, read to its end, holds one consensus per job
            Await.until("the aggregator committed past every staged result", Duration.ofMinutes(1),
                    () -> GroupOffsets.committedToEnd(stack.kafkaSettings(), Component.aggregatorApplicationId(),
                            Topic.RESULTS_STAGED.topicName()));
            List<ConsensusPrediction> published = TopicReader.read(stack.kafkaSettings(),
                    Topic.PREDICTIONS_CONSENSUS.topicName(), Duration.ofSeconds(30), r -> true, r -> true).stream()
                    .map(r -> CONSENSUS.parse(r.value())).filter(c -> jobs.contains(c.jobId())).toList();
            assertEquals(jobs.size(), published.size(), "published again: " + published);
            assertEquals(Set.copyOf(jobs), published.stream().map(ConsensusPrediction::jobId).collect(Collectors.toSet()));
            assertEquals(jobs.size() * 3.0, lateResults(aggregatorPort));
        }
    }

    private static double lateResults(int port) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^locness_results_late_total\\{[^}]*} ([0-9.eE+]+)$").matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
