package org.locness.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.cli.demo.ProgressWatcher;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.consensus.ConsensusStatus;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.events.lake.LakeKeys;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.daily.workflow.DailyPrepConfig;
import org.locness.ingest.daily.workflow.DailyPrepService;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.EmbeddedStackTest;

/**
 * Every Locness component run from the {@code locness} image exactly as the rendered home-lab
 * manifests configure it (see {@link ManifestPod} for what is substituted, and why), against the
 * embedded broker, lake and Temporal: ingest, one model pod per inference node (the first of each
 * node in the cluster ensemble, to keep two cores sane), the sweeper on each SLM node, the
 * aggregator and daily-prep. A daily prep runs on the daily-prep container's worker, then a job
 * naming those models flows through the containers to a consensus. A manifest that misses a
 * required variable, names a wrong path, Service or command makes a container exit or never serve
 * its probe, and this test fails with that container's logs.
 */
@EmbeddedStackTest(temporal = true)
class ManifestPipelineIT {
    private static final TradingDate TODAY = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
    private static final Symbol SYMBOL = Symbol.of("BTC");
    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final Duration FLOW = Duration.ofMinutes(4);

    @Test
    void aJobFlowsEndToEndThroughEveryComponentRunAsItsManifestSays(EmbeddedStack stack, @TempDir Path dir)
            throws Exception {
        ContainerRuntime.require();
        long began = System.nanoTime();
        HomelabOverlay overlay = HomelabOverlay.render();
        HomelabNodes nodes = HomelabNodes.read();
        ClusterStandIns standIns = ClusterStandIns.of(stack, overlay, HomelabOverlay.render(HomelabOverlay.STRIMZI),
                dir.resolve("cluster"));

        List<ManifestPod> pods = new ArrayList<>();
        pods.add(single(overlay, nodes, standIns, "Deployment", "ingest"));
        pods.add(single(overlay, nodes, standIns, "Deployment", "aggregator"));
        pods.add(single(overlay, nodes, standIns, "Deployment", "daily-prep"));
        JsonNode sweeper = overlay.workload("DaemonSet", "sweeper");
        for (String node : nodes.eligible(sweeper.path("spec").path("template").path("spec"))) {
            pods.add(ManifestPod.of(overlay, sweeper, node, standIns));
        }
        // The ensemble the pods mount, read through ingest's LOCNESS_ENSEMBLE and its volume.
        ManifestPod ingest = pods.get(0);
        Ensemble ensemble = EnsembleLoader.load(ingest.hostFile(ingest.env(EnsembleLoader.ENV)));
        List<ModelSpec> models = ensemble.nodes().stream().map(n -> ensemble.modelsOn(n.name()).get(0)).toList();
        for (ModelSpec model : models) {
            pods.add(single(overlay, nodes, standIns, modelDeployment(overlay, model)));
        }
        String image = overlay.workload("Deployment", "ingest").path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText();
        ContainerRuntime.requireLocalImage(image, "run scripts/build-images.sh locness");

        // Given the lake seeded for one symbol and the tiny models where the cluster ensemble looks for them
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
        SyntheticMarketData.seed(lake, dir.resolve("seed"), new SeedPlan(List.of(SYMBOL), 8, TODAY, 7, 240));
        models.forEach(model -> uploadTinyModel(lake, model));

        try {
            // And every component started from its manifest and answering its startupProbe
            pods.forEach(ManifestPod::start);
            long deadline = System.nanoTime() + STARTUP.toNanos();
            for (ManifestPod pod : pods) {
                pod.awaitHealthy(deadline);
            }
            long started = System.nanoTime();
            System.out.printf("ManifestPipelineIT: %d containers up in %d ms%n", pods.size(), (started - began) / 1_000_000);

            // When a daily prep runs on the daily-prep container's worker
            try (DailyPrepService prep = new DailyPrepService(prepClientConfig(stack, dir.resolve("prep-client")),
                    new SimpleMeterRegistry())) {
                prep.runNow(TODAY);
            }
            assertTrue(lake.exists(LakeKeys.dailyPrepared(TODAY)), "daily-prep wrote no " + LakeKeys.dailyPrepared(TODAY));

            // And a job naming those models is requested
            List<ModelName> names = models.stream().map(ModelSpec::name).toList();
            ConsensusPrediction consensus;
            try (ProgressWatcher watcher = new ProgressWatcher(stack.kafkaSettings());
                    JobSubmitter submitter = JobSubmitter.connect(stack.kafkaSettings(), Duration.ofSeconds(90))) {
                JobId job = submitter.submit(new JobRequested(SYMBOL, null, null, names))
                        .orElseThrow(() -> new AssertionError("ingest did not answer the job request"));
                watcher.track(job);
                await(pods, () -> {
                    watcher.poll(Duration.ofMillis(200));
                    return watcher.done();
                }, "a consensus for " + job);
                consensus = watcher.consensus().get(job);
            }

            // Then every model answered, and the sweepers uploaded each model's staged result
            assertEquals(ConsensusStatus.COMPLETE, consensus.status(), consensus.toString());
            assertEquals(Set.copyOf(names), Set.copyOf(consensus.modelsUsed()), consensus.toString());
            await(pods, () -> lake.list(LakeKeys.stagedResultsPrefix(consensus.jobId())).size() == names.size(),
                    "the sweepers' uploads of " + consensus.jobId());
            System.out.printf("ManifestPipelineIT: daily prep and the job took %d ms, %d ms in all%n",
                    (System.nanoTime() - started) / 1_000_000, (System.nanoTime() - began) / 1_000_000);
        } catch (Throwable failure) {
            pods.forEach(pod -> System.err.println(pod.report()));
            throw failure;
        } finally {
            pods.forEach(ManifestPod::close);
        }
    }

    private static ManifestPod single(HomelabOverlay overlay, HomelabNodes nodes, ClusterStandIns standIns, String kind,
            String name) {
        return single(overlay, nodes, standIns, overlay.workload(kind, name));
    }

    private static ManifestPod single(HomelabOverlay overlay, HomelabNodes nodes, ClusterStandIns standIns,
            JsonNode workload) {
        return ManifestPod.of(overlay, workload, nodes.scheduled(workload.path("spec").path("template").path("spec")),
                standIns);
    }

    /** The Deployment whose pods carry the model's label. */
    private static JsonNode modelDeployment(HomelabOverlay overlay, ModelSpec model) {
        return overlay.workloads("Deployment").stream()
                .filter(d -> model.name().value().equals(
                        d.path("spec").path("template").path("metadata").path("labels").path("locness.io/model").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment runs model " + model.name()));
    }

    /** models/&lt;name&gt;-tiny, uploaded under the lake key the ensemble's {@code lake:} location names. */
    private static void uploadTinyModel(Lake lake, ModelSpec model) {
        assertTrue(model.fromLake(), model.name() + " is not loaded from the lake: " + model.location());
        String prefix = model.location().substring(ModelSpec.LAKE_PREFIX.length());
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        Path tiny = HomelabOverlay.REPO.resolve("models").resolve(model.name().value() + "-tiny");
        try (Stream<Path> files = Files.list(tiny)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                lake.put(ObjectKey.of(prefix + file.getFileName()), file);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + tiny, e);
        }
    }

    /** A Temporal client only: the worker that runs the prep is the daily-prep container's. */
    private static DailyPrepConfig prepClientConfig(EmbeddedStack stack, Path workDir) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put(DailyPrepConfig.WORK_DIR_ENV, workDir.toString());
        return DailyPrepConfig.fromEnvironment(env);
    }

    /** Polls with a deadline, failing at once with its logs if any container exits meanwhile. */
    private static void await(List<ManifestPod> pods, BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + FLOW.toNanos();
        while (!condition.getAsBoolean()) {
            pods.forEach(ManifestPod::assertRunning);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + FLOW + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
