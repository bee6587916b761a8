package org.locness.cli.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.locness.events.consensus.ConsensusPrediction;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.job.JobRequested;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.ingest.submit.JobSubmitter;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SeedSymbols;
import org.locness.lake.seed.SyntheticMarketData;
import org.locness.testing.Await;

/** Seeds a lake, starts the local pipeline on it, submits jobs and waits for their consensus. */
final class PipelineFixture {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path DEMO_ENSEMBLE = REPO.resolve("config/ensemble-demo.yaml");
    static final List<NodeName> NODES = List.of(NodeName.of("vm1"), NodeName.of("vm2"));
    static final TradingDate TODAY = TradingDate.of(LocalDate.now(ZoneOffset.UTC));

    private PipelineFixture() {
    }

    static Lake lake(EmbeddedStack stack) {
        return Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
    }

    static List<Symbol> seed(EmbeddedStack stack, Path work, int symbols) {
        List<Symbol> list = SeedSymbols.wellKnown(symbols);
        Lake lake = lake(stack);
        lake.ensureBucket();
        SyntheticMarketData.seed(lake, work, new SeedPlan(list, 8, TODAY, 7, 240));
        return list;
    }

    static LocalPipeline start(EmbeddedStack stack, Path dataDir, Duration deadline) throws Exception {
        return LocalPipeline.start(stack, new LocalPipeline.Options(dataDir, DEMO_ENSEMBLE, NODES, deadline));
    }

    static List<JobId> submit(EmbeddedStack stack, List<Symbol> symbols) {
        List<JobId> jobs = new ArrayList<>();
        try (JobSubmitter submitter = JobSubmitter.connect(stack.kafkaSettings(), Duration.ofSeconds(60))) {
            for (Symbol symbol : symbols) {
                jobs.add(submitter.submit(JobRequested.forSymbol(symbol)).orElseThrow());
            }
        }
        return jobs;
    }

    static Map<JobId, ConsensusPrediction> awaitConsensus(ProgressWatcher watcher, List<JobId> jobs, Duration timeout) {
        jobs.forEach(watcher::track);
        Await.until("consensus for " + jobs, timeout, () -> {
            watcher.poll(Duration.ofMillis(200));
            return watcher.done();
        });
        return watcher.consensus();
    }
}
