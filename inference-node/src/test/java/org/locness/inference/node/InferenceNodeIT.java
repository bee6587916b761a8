package org.locness.inference.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.inference.ModelStatus;
import org.locness.events.job.ExpectedModel;
import org.locness.events.kafka.ConsumerLag;
import org.locness.events.topic.Component;
import org.locness.events.job.JobReady;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.events.pattern.PatternsUnified;
import org.locness.events.topic.Topic;
import org.locness.inference.cache.CachedVersions;
import org.locness.inference.model.TinyModels;
import org.locness.inference.node.EnsembleFiles.Member;
import org.locness.inference.placement.PlacementException;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.testing.Await;
import org.locness.testing.EmbeddedStackTest;

/**
 * The node on a real broker and lake with the generated tiny models. Each test runs its own node and
 * models (so its own consumer groups and staging directory) and its own symbols; other tests' jobs on
 * the shared topic do not expect its models and are skipped.
 */
@EmbeddedStackTest
class InferenceNodeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final TradingDate TODAY = TradingDate.of(LocalDate.now(ZoneOffset.UTC));
    private static final String SIGNATURE = "^trend=(up|down|flat)\\|vol=(low|mid|high)\\|volume=(normal|spike|dry)"
            + "\\|gap=(none|up|down)$";
    private static final List<String> OUTPUT_COLUMNS = List.of("job_id", "symbol", "date", "model", "node", "prediction",
            "p_up", "p_down", "p_flat", "prompt_tokens", "inference_ms", "signature", "expected_models");
    private static final List<String> PATTERN_COLUMNS = List.of("signature", "symbol", "date", "model", "prediction",
            "confidence", "job_id");

    @TempDir
    Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private EmbeddedStack stack;
    private NodeTopics topics;
    private Lake lake;

    /** A node under test with its registry and staging directory. */
    record RunningNode(InferenceNodeService service, PrometheusMeterRegistry registry, Path staging, NodeName node,
            List<ModelName> models) {
        double count(String meter, String... tags) {
            Counter counter = registry.find(meter).tags(tags).counter();
            return counter == null ? 0 : counter.count();
        }

        /** Forward passes the model ran, as the inference histogram counts them. */
        long passes(ModelName model) {
            Timer timer = registry.find("slm.inference.duration").tag("model", model.value()).timer();
            return timer == null ? 0 : timer.count();
        }

        double processed(ModelName model, String status) {
            return count("locness.jobs.processed", "model", model.value(), "status", status);
        }
    }

    @BeforeEach
    void connect(EmbeddedStack stack) {
        this.stack = stack;
        topics = new NodeTopics(stack.kafkaSettings());
        lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        topics.close();
    }

    @Test
    void eachModelAnswersAJobWithBothFilesAndAnEvent() throws Exception {
        // Every job reads its own input here, so that the input cache's counts below hold.
        RunningNode node = start("it-run", "0-1", List.of(tiny("it-run", "gemma-7b-tiny", "0"),
                tiny("it-run", "qwen-7b-tiny", "1")), Map.of(InferenceNodeConfig.MARKET_DAYS_ENV, "0"));
        Symbol symbol = Symbol.of("RUN");
        ObjectKey input = putBars(symbol, 240, 0.01);

        JobReady plain = job("RUN-plain", symbol, List.of(input), null, null, node);
        topics.publish(plain);
        List<InferenceCompleted> results = topics.completed(plain.jobId(), 2, TIMEOUT);

        assertEquals(Map.of(node.models().get(0), 1L, node.models().get(1), 1L), byModel(results));
        for (InferenceCompleted result : results) {
            assertSucceeded(node, plain, result);
        }

        // Yesterday's: another test announces today's, which this node's cache consumer would fetch too.
        TradingDate yesterday = TODAY.minusDays(1);
        ObjectKey context = put(LakeKeys.dailyPrepared(yesterday), LakeFiles.context(dir.resolve("ctx.parquet"), work(),
                yesterday, symbol, 99.0));
        ObjectKey patterns = put(LakeKeys.unifiedPatterns(yesterday), LakeFiles.patterns(dir.resolve("pat.parquet"),
                work(), yesterday, "trend=up|vol=low|volume=normal|gap=up", 6));
        JobReady rich = job("RUN-rich", symbol, List.of(input), context, patterns, node);
        topics.publish(rich);
        for (InferenceCompleted result : topics.completed(rich.jobId(), 2, TIMEOUT)) {
            assertSucceeded(node, rich, result);
            // The context's last close (99) against the first open (100): a gap up, which only the context shows.
            assertTrue(result.signature().endsWith("|gap=up"), result.signature());
        }
        assertEquals(1, cached(node.staging(), StagingFiles.dailyContext(yesterday)).size());
        assertEquals(1, cached(node.staging(), StagingFiles.patterns(yesterday)).size());
        for (String file : List.of("input", "context", "patterns")) {
            double perJob = file.equals("input") ? 2 : 1;
            assertEquals(perJob, node.count("locness.model.cache", "file", file, "result", "miss"), file);
            assertEquals(perJob, node.count("locness.model.cache", "file", file, "result", "hit"), file);
        }

        ObjectKey gone = LakeKeys.dailyPrepared(TODAY.minusDays(3));
        JobReady goneContext = job("RUN-gone", symbol, List.of(input), gone, null, node);
        topics.publish(goneContext);
        for (InferenceCompleted result : topics.completed(goneContext.jobId(), 2, TIMEOUT)) {
            assertSucceeded(node, goneContext, result);
        }

        String scrape = node.registry().scrape();
        String gemma = "model=\"" + node.models().get(0) + "\"";
        // The passes' own time is recorded (a tiny model's pass may take under 5 ms on a fast machine).
        assertTrue(sample(scrape, "slm_inference_duration_seconds_sum", gemma) > 0, scrape);
        assertEquals(3, sample(scrape, "slm_inference_duration_seconds_bucket", gemma, "le=\"300.0\""), scrape);
        assertEquals(3, sample(scrape, "slm_inference_duration_seconds_count", gemma, "node=\"it-run\""), scrape);
        assertEquals(1, sample(scrape, "locness_model_cpus", gemma, "cpus=\"0\""), scrape);
        assertEquals(3, sample(scrape, "slm_prompt_tokens_count", gemma), scrape);
        assertEquals(3, sample(scrape, "locness_jobs_processed_total", gemma, "status=\"succeeded\""), scrape);
        assertEquals(1, sample(scrape, "locness_model_cache_total", "file=\"context\"", "result=\"miss\""), scrape);
    }

    @Test
    void aDaysMarketDataIsReadOnceForItsJobsAndAReplacedInputIsReadAgain() throws Exception {
        RunningNode node = start("it-day", "0-1", List.of(tiny("it-day", "gemma-2b-tiny", "0-1")));
        Symbol first = Symbol.of("DAYA");
        Symbol second = Symbol.of("DAYB");
        Symbol replaced = Symbol.of("DAYC");
        for (Symbol symbol : List.of(first, second, replaced)) {
            putBars(symbol, 240, 0.01);
        }

        JobReady starts = job("DAY-1", first, List.of(LakeKeys.marketData(first, TODAY)), null, null, node);
        topics.publish(starts);
        assertSucceeded(node, starts, topics.completed(starts.jobId(), 1, TIMEOUT).get(0));
        Await.until("the day's read", TIMEOUT, () -> node.registry().find("locness.node.market.day.read").timer() != null);
        assertTrue(Files.exists(node.staging().resolve(StagingFiles.input(starts.jobId(), first))),
                "the day's first job read its own input");

        JobReady fromMemory = job("DAY-2", second, List.of(LakeKeys.marketData(second, TODAY)), null, null, node);
        topics.publish(fromMemory);
        InferenceCompleted remembered = topics.completed(fromMemory.jobId(), 1, TIMEOUT).get(0);
        assertSucceeded(node, fromMemory, remembered);
        assertTrue(remembered.signature().startsWith("trend=up|"), remembered.signature());
        assertFalse(Files.exists(node.staging().resolve(StagingFiles.input(fromMemory.jobId(), second))),
                "no download: its bars came from the day in memory");
        assertEquals(1, node.count("locness.model.cache", "file", "market-day", "result", "hit"));

        // Replaced after the day was read: the job notices while its model works, and reads the new bars.
        putBars(replaced, 240, -0.01);
        JobReady again = job("DAY-3", replaced, List.of(LakeKeys.marketData(replaced, TODAY)), null, null, node);
        topics.publish(again);
        InferenceCompleted reread = topics.completed(again.jobId(), 1, TIMEOUT).get(0);
        assertSucceeded(node, again, reread);
        assertTrue(reread.signature().startsWith("trend=down|"), reread.signature());
        assertTrue(Files.exists(node.staging().resolve(StagingFiles.input(again.jobId(), replaced))));
        assertEquals(2, node.count("locness.model.cache", "file", "market-day", "result", "hit"),
                "its bars came from memory first, with the old trend");
    }

    @Test
    void aRedeliveredJobIsAnnouncedAgainWithoutRunningTheModel() throws Exception {
        RunningNode node = start("it-redo", "0-1", List.of(tiny("it-redo", "gemma-4b-tiny", "0-1")));
        ModelName model = node.models().get(0);
        JobReady job = job("REDO-1", Symbol.of("REDO"), List.of(putBars(Symbol.of("REDO"), 90, -0.02)), null, null, node);

        topics.publish(job);
        InferenceCompleted first = topics.completed(job.jobId(), 1, TIMEOUT).get(0);
        topics.publish(job);
        InferenceCompleted again = topics.completed(job.jobId(), 2, TIMEOUT).get(1);

        assertEquals(ModelStatus.SUCCEEDED, again.status());
        assertEquals(first.probabilities(), again.probabilities());
        assertEquals(first.signature(), again.signature());
        assertEquals(first.outputPath(), again.outputPath());
        assertEquals(first.timings().promptTokens(), again.timings().promptTokens());
        assertEquals(1, node.passes(model), "the model ran once");
        assertEquals(1, node.processed(model, "succeeded"));
        assertEquals(1, node.processed(model, "republished"));

        // Once the sweeper has staged the result and removed the local files, a redelivery changes nothing.
        Files.delete(Path.of(first.outputPath()));
        Files.delete(Path.of(first.patternsPath()));
        put(LakeKeys.stagedResult(job.jobId(), model), Files.writeString(dir.resolve("staged.parquet"), "staged"));
        topics.publish(job);
        Await.until("the staged result is noticed", TIMEOUT, () -> node.processed(model, "already-staged") == 1);
        assertEquals(1, node.passes(model));
        assertFalse(Files.exists(Path.of(first.outputPath())));

        // An output in place that cannot be read is not trusted: the model runs again and replaces it.
        JobReady second = job("REDO-2", Symbol.of("REDO"), job.inputKeys(), null, null, node);
        Path planted = Files.writeString(node.staging().resolve(StagingFiles.output(model, second.jobId())), "garbage");
        topics.publish(second);
        assertSucceeded(node, second, topics.completed(second.jobId(), 1, TIMEOUT).get(0));
        assertEquals(2, node.passes(model));
        assertTrue(Files.size(planted) > "garbage".length());
    }

    @Test
    void aLocalInputThatCannotBeReadIsFetchedAgainAndTheJobSucceeds() throws Exception {
        RunningNode node = start("it-cut", "0-1", List.of(tiny("it-cut", "gemma-2b-tiny", "0-1")));
        Symbol symbol = Symbol.of("CUT");
        ObjectKey input = putBars(symbol, 120, 0.01);
        byte[] bytes = Files.readAllBytes(dir.resolve(symbol + ".parquet"));
        JobReady job = job("CUT-1", symbol, List.of(input), null, null, node);
        // As a crash can leave a copy that was never synced: cut short under the job's input name.
        Path inPlace = node.staging().resolve(StagingFiles.input(job.jobId(), symbol));
        Files.write(inPlace, Arrays.copyOf(bytes, bytes.length / 2));

        topics.publish(job);

        assertSucceeded(node, job, topics.completed(job.jobId(), 1, TIMEOUT).get(0));
        assertTrue(Arrays.equals(bytes, Files.readAllBytes(inPlace)), "the input in place is the lake's again");
    }

    @Test
    void theCacheFollowsTheDailyAnnouncements() throws Exception {
        TradingDate old = TODAY.minusDays(30);
        Path staging = dir.resolve("staging-it-cache");
        Files.createDirectories(staging);
        Path stale = Files.writeString(staging.resolve(StagingFiles.dailyContext(old)), "old");
        RunningNode node = start("it-cache", "0-1", List.of(tiny("it-cache", "phi-3-mini-tiny", "0-1")));
        assertFalse(Files.exists(stale), "daily caches of old days are removed at start");
        String context = StagingFiles.dailyContext(TODAY);
        String patterns = StagingFiles.patterns(TODAY);

        put(LakeKeys.dailyPrepared(old), LakeFiles.context(dir.resolve("old.parquet"), work(), old, Symbol.of("CACHE"), 1));
        topics.publish(new DailyContextReady(old, LakeKeys.dailyPrepared(old), 2, 1, null));
        ObjectKey contextKey = put(LakeKeys.dailyPrepared(TODAY), LakeFiles.context(dir.resolve("ctx.parquet"), work(),
                TODAY, Symbol.of("CACHE"), 50));
        topics.publish(new DailyContextReady(TODAY, contextKey, 2, 1, null));
        Await.until(() -> context + " is fetched ahead of any job", TIMEOUT, () -> !cached(staging, context).isEmpty());
        assertEquals(List.of(), cached(staging, StagingFiles.dailyContext(old)), "announcements of old days are skipped");

        ObjectKey patternsKey = LakeKeys.unifiedPatterns(TODAY);
        put(patternsKey, LakeFiles.patterns(dir.resolve("v1.parquet"), work(), TODAY, "s", 3));
        topics.publish(new PatternsUnified(TODAY, patternsKey, 1, 3));
        Await.until("version 1 of the patterns is cached", TIMEOUT, () -> newestRows(staging, patterns) == 3);
        Path version1 = cached(staging, patterns).get(cached(staging, patterns).size() - 1);
        put(patternsKey, LakeFiles.patterns(dir.resolve("v2.parquet"), work(), TODAY, "s", 5));
        topics.publish(new PatternsUnified(TODAY, patternsKey, 2, 5));
        Await.until("version 2 supersedes version 1", TIMEOUT, () -> newestRows(staging, patterns) == 5);
        assertEquals(3, LakeFiles.rows(version1, work()), "version 1 is never rewritten in place");
        assertEquals(0, node.count("locness_consumer_records", "loop", "inference-cache-it-cache", "outcome",
                "dead_lettered"));
    }

    @Test
    void jobsThatArriveTogetherAreScoredInOnePassWithTheScoresTheyGetAlone() throws Exception {
        RunningNode batched = start("it-batch", "0-1", List.of(tiny("it-batch", "gemma-4b-tiny", "0-1")),
                Map.of("LOCNESS_BATCH_SIZE", "4", "LOCNESS_BATCH_WAIT", "PT10S"));
        RunningNode alone = start("it-alone", "0-1", List.of(tiny("it-alone", "gemma-4b-tiny", "0-1")),
                Map.of("LOCNESS_BATCH_SIZE", "1", "LOCNESS_BATCH_WAIT", "PT0S"));
        ObjectKey context = put(LakeKeys.dailyPrepared(TODAY.minusDays(2)), LakeFiles.context(dir.resolve("ctx.parquet"),
                work(), TODAY.minusDays(2), Symbol.of("BATCH0"), 99.0));
        List<JobReady> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Symbol symbol = Symbol.of("BATCH" + i);
            // Different lengths of day, so the rows of the pass differ in length and are padded.
            ObjectKey input = putBars(symbol, 60 + 90 * i, 0.004 * (i - 1.5));
            List<ExpectedModel> expected = new ArrayList<>();
            for (RunningNode node : List.of(batched, alone)) {
                expected.add(new ExpectedModel(node.models().get(0), node.node(), 1.0));
            }
            jobs.add(new JobReady(JobId.of("BATCH-" + i), symbol, TODAY, List.of(input), context, true, null, expected,
                    Instant.now()));
        }

        // Other tests' jobs are on the topic too; once the batching consumer has read past them, these four come together.
        String group = Component.inferenceGroup(batched.models().get(0));
        Await.until("the batching consumer has caught up with the topic", TIMEOUT, () -> {
            var lags = batched.registry().find(ConsumerLag.METER).tag("group", group).gauges();
            return !lags.isEmpty() && lags.stream().mapToDouble(Gauge::value).sum() == 0;
        });
        jobs.forEach(topics::publish);
        Map<JobId, Map<String, Double>> together = new HashMap<>();
        Map<JobId, Map<String, Double>> single = new HashMap<>();
        for (JobReady job : jobs) {
            for (InferenceCompleted result : topics.completed(job.jobId(), 2, TIMEOUT)) {
                assertEquals(ModelStatus.SUCCEEDED, result.status(), result.reason());
                (result.node().equals(batched.node()) ? together : single).put(job.jobId(), result.probabilities());
            }
        }

        DistributionSummary batches = batched.registry().find("locness.model.batch.jobs").summary();
        assertEquals(1, batches.count(), "the four jobs arrived together and went through one pass");
        assertEquals(4, batches.totalAmount());
        assertEquals(4, batched.passes(batched.models().get(0)), "each job has its share of the pass");
        for (JobReady job : jobs) {
            for (String label : List.of("up", "down", "flat")) {
                assertEquals(single.get(job.jobId()).get(label), together.get(job.jobId()).get(label), 1e-4,
                        job.jobId() + " " + label);
            }
        }
    }

    @Test
    void aPoisonRecordOrABrokenJobInABatchFailsAloneAndTheRestIsScored() throws Exception {
        RunningNode node = start("it-hostile", "0-1", List.of(tiny("it-hostile", "gemma-2b-tiny", "0-1")),
                Map.of("LOCNESS_BATCH_SIZE", "4", "LOCNESS_BATCH_WAIT", "PT10S"));
        ModelName model = node.models().get(0);
        String group = Component.inferenceGroup(model);
        Await.until("the batching consumer has caught up with the topic", TIMEOUT, () -> {
            var lags = node.registry().find(ConsumerLag.METER).tag("group", group).gauges();
            return !lags.isEmpty() && lags.stream().mapToDouble(Gauge::value).sum() == 0;
        });
        JobReady first = job("HOSTILE-1", Symbol.of("HOSTILEA"), List.of(putBars(Symbol.of("HOSTILEA"), 120, 0.01)),
                null, null, node);
        JobReady missing = job("HOSTILE-2", Symbol.of("HOSTILEB"),
                List.of(LakeKeys.marketData(Symbol.of("HOSTILEB"), TODAY)), null, null, node);
        JobReady last = job("HOSTILE-3", Symbol.of("HOSTILEC"), List.of(putBars(Symbol.of("HOSTILEC"), 200, -0.01)),
                null, null, node);

        // One gathered batch: a job, a record that is no job, a job whose input is not in the lake, a job.
        topics.publish(first);
        topics.publishRaw(Topic.JOBS_READY, "HOSTILE-poison", "{\"jobId\": \"../etc\"}".getBytes(StandardCharsets.UTF_8));
        topics.publish(missing);
        topics.publish(last);

        assertEquals(1, topics.read(Topic.JOBS_READY.dlqName(), "HOSTILE-poison", 1, TIMEOUT).size());
        assertSucceeded(node, first, topics.completed(first.jobId(), 1, TIMEOUT).get(0));
        assertSucceeded(node, last, topics.completed(last.jobId(), 1, TIMEOUT).get(0));
        InferenceCompleted failed = topics.completed(missing.jobId(), 1, TIMEOUT).get(0);
        assertEquals(ModelStatus.FAILED, failed.status());
        assertTrue(failed.reason().startsWith("input-unavailable: job HOSTILE-2: "), failed.reason());
        // The broken job's prompt failed while the batch was prepared, so each job was scored on its own.
        assertEquals(2, node.passes(model));
    }

    @Test
    void severalInputsAreMergedIntoOneLocalInput() throws Exception {
        RunningNode node = start("it-merge", "0-1", List.of(tiny("it-merge", "gemma-2b-tiny", "0-1")));
        Symbol symbol = Symbol.of("MERGE");
        ObjectKey morning = put(ObjectKey.of(LakeKeys.dailyArchivedPrefix(TODAY, symbol) + "morning.parquet"),
                LakeFiles.bars(dir.resolve("morning.parquet"), work(), symbol, TODAY, 0, 60, 0.01));
        ObjectKey afternoon = put(ObjectKey.of(LakeKeys.dailyArchivedPrefix(TODAY, symbol) + "afternoon.parquet"),
                LakeFiles.bars(dir.resolve("afternoon.parquet"), work(), symbol, TODAY, 60, 75, 0.01));
        JobReady job = job("MERGE-1", symbol, List.of(morning, afternoon), null, null, node);

        topics.publish(job);
        InferenceCompleted result = topics.completed(job.jobId(), 1, TIMEOUT).get(0);

        assertSucceeded(node, job, result);
        Path input = node.staging().resolve(StagingFiles.input(job.jobId(), symbol));
        assertEquals(135, LakeFiles.rows(input, work()));
    }

    @Test
    void anInputMissingFromTheLakeIsAFailedResult() throws Exception {
        RunningNode node = start("it-noinput", "0-1", List.of(tiny("it-noinput", "mistral-7b-tiny", "0-1")));
        ModelName model = node.models().get(0);
        JobReady elsewhere = new JobReady(JobId.of("NOINPUT-other"), Symbol.of("NOINPUT"), TODAY,
                List.of(LakeKeys.marketData(Symbol.of("NOINPUT"), TODAY)), null, false, null,
                List.of(new ExpectedModel(ModelName.of("other-model"), NodeName.of("elsewhere"), 1.0)), Instant.now());
        JobReady job = job("NOINPUT-1", Symbol.of("NOINPUT"), List.of(LakeKeys.marketData(Symbol.of("NOINPUT"), TODAY)),
                null, null, node);

        topics.publish(elsewhere);
        topics.publish(job);
        InferenceCompleted result = topics.completed(job.jobId(), 1, TIMEOUT).get(0);

        assertEquals(ModelStatus.FAILED, result.status());
        assertTrue(result.reason().startsWith("input-unavailable: job NOINPUT-1: download market-data/NOINPUT/"),
                result.reason());
        assertEquals(job.expectedModels(), result.expectedModels());
        assertEquals(1, node.count("locness.inference.failures", "model", model.value(), "reason", "input-unavailable"));
        Await.until("the other node's job is skipped", TIMEOUT, () -> node.processed(model, "not-expected") >= 1);

        ObjectKey garbage = put(LakeKeys.marketData(Symbol.of("GARBAGE"), TODAY),
                Files.writeString(dir.resolve("garbage.parquet"), "not parquet"));
        JobReady bad = job("NOINPUT-2", Symbol.of("GARBAGE"), List.of(garbage), null, null, node);
        topics.publish(bad);
        InferenceCompleted badResult = topics.completed(bad.jobId(), 1, TIMEOUT).get(0);
        assertEquals(ModelStatus.FAILED, badResult.status());
        assertTrue(badResult.reason().startsWith("bad-input: job NOINPUT-2: "), badResult.reason());

        topics.publishRaw(Topic.JOBS_READY, "NOINPUT-poison", "{\"jobId\": \"../etc\"}".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> dead = topics.read(Topic.JOBS_READY.dlqName(), "NOINPUT-poison", 1, TIMEOUT).get(0);
        assertTrue(new String(dead.headers().lastHeader(DeadLetterRouter.REASON).value(), StandardCharsets.UTF_8)
                .contains("jobId"));
        assertEquals(0, node.passes(model));
    }

    @Test
    void aCorruptModelFailsItsJobsWhileItsSiblingSucceeds() throws Exception {
        Path corrupt = TinyModels.copy("qwen-7b-tiny", dir.resolve("corrupt"), "model.pt");
        Files.writeString(corrupt.resolve("model.pt"), "this is not a TorchScript archive");
        RunningNode node = start("it-corrupt", "0-1", List.of(tiny("it-corrupt", "gemma-7b-tiny", "0"),
                new Member("it-corrupt-broken", corrupt.toString(), "1")));
        ModelName good = node.models().get(0);
        ModelName broken = node.models().get(1);
        assertEquals(List.of(broken), List.copyOf(node.service().unavailableModels().keySet()));

        JobReady job = job("CORRUPT-1", Symbol.of("CORRUPT"), List.of(putBars(Symbol.of("CORRUPT"), 60, 0.0)), null, null,
                node);
        topics.publish(job);
        Map<ModelName, InferenceCompleted> results = new HashMap<>();
        topics.completed(job.jobId(), 2, TIMEOUT).forEach(r -> results.put(r.model(), r));

        assertSucceeded(node, job, results.get(good));
        InferenceCompleted failed = results.get(broken);
        assertEquals(ModelStatus.FAILED, failed.status());
        assertTrue(failed.reason().startsWith("model-unavailable: cannot load " + corrupt.resolve("model.pt")
                + " as a TorchScript module"), failed.reason());
        assertEquals(null, failed.probabilities());
        assertEquals(1, node.count("locness.inference.failures", "model", broken.value(), "reason", "model-unavailable"));
    }

    @Test
    void aModelInTheLakeIsFetchedIntoTheModelCacheOnceItIsThere() throws Exception {
        ModelName present = ModelName.of("it-lake-phi-3-mini-tiny");
        ModelName later = ModelName.of("it-lake-gemma-2b-tiny");
        upload(present, "phi-3-mini-tiny");
        RunningNode node = start("it-lake", "0-1", List.of(new Member(present.value(), "lake:models/" + present + "/", "0"),
                new Member(later.value(), "lake:models/" + later, "1")));

        assertTrue(Files.isRegularFile(dir.resolve("models-it-lake").resolve(present.value()).resolve("model.pt")));
        assertEquals(List.of(later), List.copyOf(node.service().unavailableModels().keySet()));
        JobReady first = job("LAKE-1", Symbol.of("LAKE"), List.of(putBars(Symbol.of("LAKE"), 60, 0.005)), null, null, node);
        topics.publish(first);
        Map<ModelName, InferenceCompleted> results = new HashMap<>();
        topics.completed(first.jobId(), 2, TIMEOUT).forEach(r -> results.put(r.model(), r));
        assertSucceeded(node, first, results.get(present));
        assertEquals("model-unavailable: the lake holds nothing under models/" + later + "/; upload the model's folder"
                + " there (model.pt, tokenizer.json, config.json)", results.get(later).reason());

        // A model missing from the lake is looked for again on its next job.
        upload(later, "gemma-2b-tiny");
        JobReady second = job("LAKE-2", Symbol.of("LAKE"), first.inputKeys(), null, null, node);
        topics.publish(second);
        for (InferenceCompleted result : topics.completed(second.jobId(), 2, TIMEOUT)) {
            assertSucceeded(node, second, result);
        }
        assertTrue(node.service().unavailableModels().isEmpty());
    }

    @Test
    void strictPinningRefusesToStartNamingTheMissingCpus() throws Exception {
        PlacementException e = assertThrows(PlacementException.class, () -> start("it-strict", "0,1000-1001",
                List.of(tiny("it-strict", "gemma-7b-tiny", "0"), tiny("it-strict", "qwen-7b-tiny", "1000-1001")),
                Map.of("LOCNESS_STRICT_PINNING", "true")));

        assertTrue(e.getMessage().contains("CPUs 1000-1001 are not available"), e.getMessage());
        assertTrue(e.getMessage().contains("model it-strict-qwen-7b-tiny is pinned to CPUs 1000-1001"), e.getMessage());
    }

    private void assertSucceeded(RunningNode node, JobReady job, InferenceCompleted result) throws Exception {
        assertEquals(ModelStatus.SUCCEEDED, result.status(), result.reason());
        assertEquals(job.jobId(), result.jobId());
        assertEquals(job.symbol(), result.symbol());
        assertEquals(node.node(), result.node());
        assertEquals(job.expectedModels(), result.expectedModels());
        assertEquals(List.of("down", "flat", "up"), result.probabilities().keySet().stream().sorted().toList());
        assertEquals(1.0, result.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertTrue(result.signature().matches(SIGNATURE), result.signature());
        assertTrue(result.timings().promptTokens() > 50, result.timings().toString());
        assertTrue(result.timings().totalMillis() >= result.timings().inferenceMillis(), result.timings().toString());

        Path output = Path.of(result.outputPath());
        Path patterns = Path.of(result.patternsPath());
        assertEquals(node.staging().resolve(StagingFiles.output(result.model(), job.jobId())), output);
        assertEquals(node.staging().resolve(StagingFiles.patternsNew(result.model(), job.jobId())), patterns);
        try (Connection db = DuckDb.open(work()); Statement s = db.createStatement()) {
            assertEquals(OUTPUT_COLUMNS, columns(s, output));
            assertEquals(PATTERN_COLUMNS, columns(s, patterns));
            try (ResultSet row = s.executeQuery("SELECT model, node, p_up, signature, prediction FROM read_parquet("
                    + DuckDb.literal(output) + ")")) {
                assertTrue(row.next());
                assertEquals(result.model().value(), row.getString(1));
                assertEquals(node.node().value(), row.getString(2));
                assertEquals(result.probabilities().get("up"), row.getDouble(3));
                assertEquals(result.signature(), row.getString(4));
                assertEquals(Collections.max(result.probabilities().entrySet(), Map.Entry.comparingByValue()).getKey(),
                        row.getString(5));
                assertFalse(row.next());
            }
        }
    }

    private static Map<ModelName, Long> byModel(List<InferenceCompleted> results) {
        return results.stream().collect(Collectors.groupingBy(InferenceCompleted::model, Collectors.counting()));
    }

    /** The value of the first sample of {@code name} whose labels include every one given; 0 if none. */
    private static double sample(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static List<String> columns(Statement s, Path file) throws Exception {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet("
                + DuckDb.literal(file) + "))")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private RunningNode start(String node, String nodeCpus, List<Member> members) throws Exception {
        return start(node, nodeCpus, members, Map.of());
    }

    private RunningNode start(String node, String nodeCpus, List<Member> members, Map<String, String> extra)
            throws Exception {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("LOCNESS_NODE", node);
        env.put("LOCNESS_ENSEMBLE", EnsembleFiles.write(dir, node, nodeCpus, members).toString());
        env.put("LOCNESS_STAGING_DIR", dir.resolve("staging-" + node).toString());
        env.put("LOCNESS_MODEL_CACHE_DIR", dir.resolve("models-" + node).toString());
        env.put("LOCNESS_INFERENCE_TIMEOUT", "PT60S");
        env.putAll(extra);
        InferenceNodeConfig config = InferenceNodeConfig.fromEnvironment(env);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("component", "inference-node");
        InferenceNodeService service = InferenceNodeService.start(config, registry);
        resources.add(service);
        return new RunningNode(service, registry, config.stagingDir().toRealPath(), config.node(),
                config.selectedModels().stream().map(m -> m.name()).toList());
    }

    private static Member tiny(String prefix, String tinyModel, String cpus) {
        return new Member(prefix + "-" + tinyModel, TinyModels.dir(tinyModel).toString(), cpus);
    }

    private static JobReady job(String id, Symbol symbol, List<ObjectKey> inputs, ObjectKey context, ObjectKey patterns,
            RunningNode node) {
        List<ExpectedModel> expected = new ArrayList<>();
        node.models().forEach(m -> expected.add(new ExpectedModel(m, node.node(), 1.0)));
        expected.add(new ExpectedModel(ModelName.of("other-model"), NodeName.of("elsewhere"), 0.5));
        return new JobReady(JobId.of(id), symbol, TODAY, inputs, context, false, patterns, expected, Instant.now());
    }

    private ObjectKey putBars(Symbol symbol, int minutes, double drift) throws Exception {
        Path file = LakeFiles.bars(dir.resolve(symbol + ".parquet"), work(), symbol, TODAY, 0, minutes, drift);
        return put(LakeKeys.marketData(symbol, TODAY), file);
    }

    private void upload(ModelName model, String tinyModel) throws Exception {
        try (var files = Files.list(TinyModels.dir(tinyModel))) {
            for (Path file : files.toList()) {
                put(ObjectKey.of(LakeKeys.modelPrefix(model) + file.getFileName()), file);
            }
        }
    }

    private ObjectKey put(ObjectKey key, Path file) {
        lake.put(key, file);
        return key;
    }

    /** The complete versions of a daily cache file in a node's staging directory, oldest first. */
    private static List<Path> cached(Path staging, String fileName) throws Exception {
        return CachedVersions.of(staging, fileName);
    }

    private long newestRows(Path staging, String fileName) throws Exception {
        List<Path> versions = cached(staging, fileName);
        return versions.isEmpty() ? -1 : LakeFiles.rows(versions.get(versions.size() - 1), work());
    }

    private Path work() {
        return dir.resolve("work");
    }
}
