package org.locness.sweeper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.JobId;
import org.locness.events.id.NodeName;
import org.locness.events.kafka.EventPublisher;
import org.locness.events.lake.LakeKeys;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.staging.StagingDirectory;
import org.locness.sweeper.metrics.SweeperMetrics;
import org.locness.sweeper.upload.OutputPair;
import org.locness.sweeper.upload.PairUploader;
import org.locness.sweeper.upload.ResultStager;
import org.locness.testing.EmbeddedStackTest;

/**
 * The sweeper's upload throughput against raw minio-java puts of the same files to the same server.
 * Four ways per round, in alternating order: raw {@code uploadObject} one file after another; raw, two
 * at a time (the sweeper's default parallelism, so the difference is the verification); the sweeper's
 * {@link PairUploader} (a pair's two files at once, each verified by size and MD5); and the sweeper's
 * whole step per event, {@link ResultStager#stage} (upload, verify, publish and wait for the ack,
 * delete). Prints medians; asserts nothing about time.
 */
@Tag("bench")
@EmbeddedStackTest
class SweeperUploadBenchIT {
    private static final int WARMUP_ROUNDS = 1;
    private static final int ROUNDS = 5;
    private static final NodeName NODE = NodeName.of("vm-bench");

    @TempDir
    Path dir;

    /** One kind of payload: how many pairs, and how each pair's two template files are made. */
    private record Profile(String name, String id, int pairs, TemplateWriter writer) {
    }

    @FunctionalInterface
    private interface TemplateWriter {
        void write(Path output, Path patterns, int index) throws Exception;
    }

    @Test
    void uploadThroughputAgainstRawMinioPuts(EmbeddedStack stack) throws Exception {
        LakeSettings settings = LakeSettings.fromEnvironment(stack.environment());
        StagingDirectory staging = new StagingDirectory(dir.resolve("local"));
        Path work = dir.resolve("work");
        Random random = new Random(42);
        List<Profile> profiles = List.of(
                new Profile("model outputs (1-row Parquet, as a node writes them)", "small", 40, (output, patterns, i) -> {
                    OutputPair pair = Fixtures.writePair(staging, work, JobId.of("TEMPLATE-" + i), Fixtures.GEMMA, NODE);
                    Files.move(pair.output(), output);
                    Files.move(pair.patterns(), patterns);
                }),
                new Profile("1 MiB files", "large", 16, (output, patterns, i) -> {
                    byte[] bytes = new byte[1 << 20];
                    random.nextBytes(bytes);
                    Files.write(output, bytes);
                    random.nextBytes(bytes);
                    Files.write(patterns, bytes);
                }));

        MinioClient raw = MinioClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey()).build();
        ExecutorService uploads = Executors.newFixedThreadPool(2);
        try (Producer<String, byte[]> producer = new KafkaProducer<>(stack.kafkaSettings().producer("sweeper-bench"))) {
            Lake lake = Lake.connect(settings);
            SweeperMetrics metrics = new SweeperMetrics(new SimpleMeterRegistry(), staging);
            PairUploader uploader = new PairUploader(lake, uploads, metrics);
            ResultStager stager = new ResultStager(staging, uploader,
                    new EventPublisher(producer, "locness/sweeper-bench", Clock.systemUTC()), metrics);
            for (Profile profile : profiles) {
                bench(profile, staging, raw, uploads, uploader, stager);
            }
        } finally {
            uploads.shutdownNow();
        }
    }

    private void bench(Profile profile, StagingDirectory staging, MinioClient raw, ExecutorService pool,
            PairUploader uploader, ResultStager stager) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates-" + profile.id()));
        long bytesPerRound = 0;
        for (int i = 0; i < profile.pairs(); i++) {
            profile.writer().write(templates.resolve(i + ".output"), templates.resolve(i + ".patterns"), i);
            bytesPerRound += Files.size(templates.resolve(i + ".output")) + Files.size(templates.resolve(i + ".patterns"));
        }
        int files = profile.pairs() * 2;
        double[] rawSeconds = new double[ROUNDS];
        double[] rawParallelSeconds = new double[ROUNDS];
        double[] uploadSeconds = new double[ROUNDS];
        double[] stageSeconds = new double[ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            String tag = profile.id() + "-" + (round + WARMUP_ROUNDS);
            List<OutputPair> rawPairs = place(staging, templates, profile.pairs(), "RAW-" + tag);
            List<OutputPair> rawParallelPairs = place(staging, templates, profile.pairs(), "RAW2-" + tag);
            List<OutputPair> uploadPairs = place(staging, templates, profile.pairs(), "UPLOAD-" + tag);
            List<OutputPair> stagePairs = place(staging, templates, profile.pairs(), "STAGE-" + tag);
            double rawTook;
            double rawParallelTook;
            double uploadTook;
            double stageTook;
            if ((round & 1) == 0) {
                rawTook = timeRaw(raw, rawPairs);
                rawParallelTook = timeRawParallel(raw, pool, rawParallelPairs);
                uploadTook = timeUpload(uploader, uploadPairs);
                stageTook = timeStage(stager, stagePairs);
            } else {
                stageTook = timeStage(stager, stagePairs);
                uploadTook = timeUpload(uploader, uploadPairs);
                rawParallelTook = timeRawParallel(raw, pool, rawParallelPairs);
                rawTook = timeRaw(raw, rawPairs);
            }
            if (round >= 0) {
                rawSeconds[round] = rawTook;
                rawParallelSeconds[round] = rawParallelTook;
                uploadSeconds[round] = uploadTook;
                stageSeconds[round] = stageTook;
            }
            for (List<OutputPair> kept : List.of(rawPairs, rawParallelPairs, uploadPairs)) {
                for (OutputPair pair : kept) {
                    Files.delete(pair.output());
                    Files.delete(pair.patterns());
                }
            }
            assertTrue(stagePairs.stream().noneMatch(p -> Files.exists(p.output())), "stage deletes its pairs");
        }
        double rawMedian = median(rawSeconds);
        double uploadMedian = median(uploadSeconds);
        double stageMedian = median(stageSeconds);
        System.out.printf("BENCH sweeper upload, %s: %d files, %.1f KiB a round; median of %d rounds after %d warm-up%n",
                profile.name(), files, bytesPerRound / 1024.0, ROUNDS, WARMUP_ROUNDS);
        report("raw minio-java uploadObject, one at a time", files, bytesPerRound, rawMedian, rawSeconds, rawMedian);
        report("raw minio-java uploadObject, two at a time", files, bytesPerRound, median(rawParallelSeconds),
                rawParallelSeconds, rawMedian);
        report("sweeper PairUploader (pair in parallel, verified)", files, bytesPerRound, uploadMedian, uploadSeconds,
                rawMedian);
        report("sweeper ResultStager.stage (+ publish, delete)", files, bytesPerRound, stageMedian, stageSeconds,
                rawMedian);
    }

    /** Copies the templates into the staging directory as the outputs of fresh jobs (not timed). */
    private static List<OutputPair> place(StagingDirectory staging, Path templates, int pairs, String jobPrefix)
            throws Exception {
        List<OutputPair> placed = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            OutputPair pair = OutputPair.in(staging, JobId.of("BENCH-" + jobPrefix + "-" + i), Fixtures.GEMMA);
            Files.copy(templates.resolve(i + ".output"), pair.output());
            Files.copy(templates.resolve(i + ".patterns"), pair.patterns());
            placed.add(pair);
        }
        return placed;
    }

    private static double timeRaw(MinioClient raw, List<OutputPair> pairs) throws Exception {
        long started = System.nanoTime();
        for (OutputPair pair : pairs) {
            for (Path file : List.of(pair.output(), pair.patterns())) {
                String key = "bench/raw/" + pair.jobId() + "/" + file.getFileName();
                raw.uploadObject(UploadObjectArgs.builder().bucket(LakeKeys.BUCKET).object(key)
                        .filename(file.toString()).build());
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double timeRawParallel(MinioClient raw, ExecutorService pool, List<OutputPair> pairs)
            throws Exception {
        long started = System.nanoTime();
        List<Future<?>> puts = new ArrayList<>();
        for (OutputPair pair : pairs) {
            for (Path file : List.of(pair.output(), pair.patterns())) {
                String key = "bench/raw2/" + pair.jobId() + "/" + file.getFileName();
                puts.add(pool.submit(() -> raw.uploadObject(UploadObjectArgs.builder().bucket(LakeKeys.BUCKET)
                        .object(key).filename(file.toString()).build())));
            }
        }
        for (Future<?> put : puts) {
            put.get();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double timeUpload(PairUploader uploader, List<OutputPair> pairs) throws Exception {
        long started = System.nanoTime();
        for (OutputPair pair : pairs) {
            uploader.upload(pair);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static double timeStage(ResultStager stager, List<OutputPair> pairs) throws Exception {
        long started = System.nanoTime();
        for (OutputPair pair : pairs) {
            stager.stage(Fixtures.succeeded(pair, NODE));
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static void report(String what, int files, long bytes, double median, double[] rounds, double rawMedian) {
        System.out.printf("BENCH   %-52s %7.1f files/s %7.2f MiB/s  ratio to raw %.2f  (rounds s: %s)%n", what,
                files / median, bytes / median / (1 << 20), rawMedian / median, Arrays.toString(
                        Arrays.stream(rounds).map(s -> Math.round(s * 1000) / 1000.0).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
