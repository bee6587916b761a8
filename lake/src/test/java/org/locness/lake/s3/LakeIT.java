package org.locness.lake.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.UploadObjectArgs;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.testing.EmbeddedStackTest;

@EmbeddedStackTest
class LakeIT {
    private final EmbeddedStack stack;
    private final Lake lake;

    LakeIT(EmbeddedStack stack) {
        this.stack = stack;
        lake = Lake.connect(new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), "lake"));
    }

    @BeforeEach
    void bucket() {
        lake.ensureBucket();
        lake.ensureBucket();
    }

    @Test
    void putStatGetListDeleteRoundTrip(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "hello lake");
        ObjectKey key = ObjectKey.of("it/round-trip/a.txt");

        ObjectInfo stored = lake.put(key, file);
        assertEquals(10, stored.size());
        assertEquals(Lake.md5Of(file), stored.eTag().replace("\"", ""));
        assertTrue(lake.exists(key));

        Path back = dir.resolve("nested/out.txt");
        lake.get(key, back);
        assertEquals("hello lake", Files.readString(back));
        try (InputStream in = lake.open(key)) {
            assertEquals("hello lake", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        lake.put(ObjectKey.of("it/round-trip/b.txt"), new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        lake.put(ObjectKey.of("it/other/c.txt"), file);
        assertEquals(List.of("it/round-trip/a.txt", "it/round-trip/b.txt"),
                lake.list("it/round-trip/").stream().map(i -> i.key().value()).toList());

        lake.delete(key);
        lake.delete(key);
        assertFalse(lake.exists(key));
        assertTrue(lake.stat(ObjectKey.of("it/never/there.txt")).isEmpty());
    }

    @Test
    void listingsStartAfterAKeyAndNameTheDirectoriesUnderAPrefix(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "x");
        for (String key : List.of("it/dirs/AAA/2026-11-19.parquet", "it/dirs/AAA/2026-11-20.parquet",
                "it/dirs/AAA/2026-11-21.parquet", "it/dirs/BBB/2026-11-21.parquet", "it/dirs/top.txt")) {
            lake.put(ObjectKey.of(key), file);
        }

        assertEquals(List.of("it/dirs/AAA/", "it/dirs/BBB/"), lake.directories("it/dirs/"));
        assertEquals(List.of("it/dirs/AAA/2026-11-20.parquet", "it/dirs/AAA/2026-11-21.parquet"),
                lake.list("it/dirs/AAA/", "it/dirs/AAA/2026-11-19.parquet").stream().map(i -> i.key().value()).toList());
        assertEquals(List.of(), lake.directories("it/nothing/"));
    }

    @Test
    void listingsGiveWhatMinioJavasOwnListingGivesOverManyPages(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "x");
        for (String key : List.of("it/pages/A/1.parquet", "it/pages/A/2.parquet", "it/pages/A=b/3.txt",
                "it/pages/B/4.parquet", "it/pages/B/5_x-y.parquet", "it/pages/top.txt")) {
            lake.put(ObjectKey.of(key), file);
        }
        MinioClient minio = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).build();
        // A key no Locness builder makes: listed past.
        minio.uploadObject(UploadObjectArgs.builder().bucket("lake").object("it/pages/C/with space+plus.txt")
                .filename(file.toString()).build());
        Lake twoAPage = new Lake(minio, new ObjectLister(MinioAsyncClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).build(), 2), "lake", Retry.defaults());

        List<ObjectInfo> all = minioListing(minio, ListObjectsArgs.builder().bucket("lake").prefix("it/pages/").recursive(true));
        List<ObjectInfo> afterA = minioListing(minio, ListObjectsArgs.builder().bucket("lake").prefix("it/pages/")
                .recursive(true).startAfter("it/pages/A=b/3.txt"));
        List<String> directories = new ArrayList<>();
        for (Result<Item> result : minio.listObjects(ListObjectsArgs.builder().bucket("lake").prefix("it/pages/")
                .delimiter("/").build())) {
            if (result.get().isDir()) {
                directories.add(result.get().objectName());
            }
        }

        assertEquals(6, all.size());
        assertEquals(all, lake.list("it/pages/"));
        assertEquals(all, twoAPage.list("it/pages/"));
        assertEquals(List.of("it/pages/B/4.parquet", "it/pages/B/5_x-y.parquet", "it/pages/top.txt"),
                afterA.stream().map(i -> i.key().value()).toList());
        assertEquals(afterA, twoAPage.list("it/pages/", "it/pages/A=b/3.txt"));
        assertEquals(List.of("it/pages/A/", "it/pages/A=b/", "it/pages/B/", "it/pages/C/"), directories);
        assertEquals(directories, twoAPage.directories("it/pages/"));
    }

    /** What minio-java's own listing gives, as the lake's listings give it. */
    private static List<ObjectInfo> minioListing(MinioClient minio, ListObjectsArgs.Builder args) throws Exception {
        List<ObjectInfo> out = new ArrayList<>();
        for (Result<Item> result : minio.listObjects(args.build())) {
            Item item = result.get();
            if (item.objectName().contains(" ")) {
                continue;
            }
            out.add(new ObjectInfo(ObjectKey.of(item.objectName()), item.size(), item.etag(),
                    item.lastModified().toInstant()));
        }
        return out;
    }

    @Test
    void aListingOfAMissingBucketFailsAsPermanentWithTheServersCode() {
        Lake noBucket = Lake.connect(new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(),
                "no-such-bucket"));

        LakeException e = assertThrows(LakeException.class, () -> noBucket.list("it/"));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
    }

    @Test
    void twentyMegabyteUploadGoesMultipartAndComesBackIntact(@TempDir Path dir) throws Exception {
        byte[] data = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(data);
        ObjectKey key = ObjectKey.of("it/big/blob.bin");

        ObjectInfo stored = lake.put(key, new ByteArrayInputStream(data), -1);

        assertEquals(data.length, stored.size());
        assertTrue(stored.eTag().contains("-"), "unknown-size stream should upload in parts: " + stored.eTag());
        Path back = dir.resolve("blob.bin");
        lake.get(key, back);
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    void moveInterruptedAfterTheCopyConvergesOnRetry(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bars.parquet"), "bars of BTC");
        ObjectKey from = ObjectKey.of("pre-swept/BTC/bars.parquet");
        ObjectKey to = ObjectKey.of("daily-archived/2026-11-27/BTC/bars.parquet");
        lake.put(from, file);
        // A previous attempt died after its copy: both objects exist.
        lake.copy(from, to);

        ObjectInfo moved = lake.move(from, to);

        assertEquals(11, moved.size());
        assertFalse(lake.exists(from));
        assertTrue(lake.exists(to));
        // And after the delete: a third attempt finds only the destination and is a no-op.
        assertEquals(moved.size(), lake.move(from, to).size());
        assertEquals(1, lake.list("daily-archived/2026-11-27/BTC/").size());
        assertTrue(lake.list("pre-swept/BTC/").isEmpty());
    }

    @Test
    void downloadWritesTheBytesAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        ObjectKey key = ObjectKey.of("it/download/a.txt");
        lake.put(key, Files.writeString(dir.resolve("in.txt"), "hello download"));
        Path back = dir.resolve("out/nested/a.txt");

        assertEquals(14, lake.download(key, back));

        assertEquals("hello download", Files.readString(back));
        try (var siblings = Files.list(back.getParent())) {
            assertEquals(List.of(back), siblings.toList());
        }
    }

    @Test
    void downloadOfAMissingObjectFailsAsPermanentAndWritesNothing(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out/missing.txt");

        LakeException e = assertThrows(LakeException.class, () -> lake.download(ObjectKey.of("it/never/there.txt"), target));

        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("NoSuchKey"), e.getMessage());
        try (var left = Files.list(target.getParent())) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void downloadIfPresentTellsTheVersionItGotAndNothingForAMissingObject(@TempDir Path dir) throws Exception {
        ObjectKey key = ObjectKey.of("it/download-if-present/a.txt");
        lake.put(key, Files.writeString(dir.resolve("in.txt"), "first"));
        Path target = dir.resolve("out/a.txt");

        ObjectInfo first = lake.downloadIfPresent(key, target).orElseThrow();

        assertEquals("first", Files.readString(target));
        assertEquals(5, first.size());
        assertEquals(lake.stat(key).orElseThrow().eTag(), first.eTag());
        lake.put(key, Files.writeString(dir.resolve("in.txt"), "second"));
        assertFalse(first.eTag().equals(lake.downloadIfPresent(key, target).orElseThrow().eTag()),
                "a replaced object comes with a new ETag");
        Path missing = dir.resolve("out/missing.txt");
        assertTrue(lake.downloadIfPresent(ObjectKey.of("it/never/there.txt"), missing).isEmpty());
        assertFalse(Files.exists(missing));
    }

    @Test
    void moveOfAnObjectThatNeverExistedFailsClearly() {
        LakeException e = assertThrows(LakeException.class,
                () -> lake.move(ObjectKey.of("pre-swept/NONE/x.parquet"), ObjectKey.of("daily-archived/x.parquet")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void unreachableServerIsRetriedThenReportedAsTransient() {
        Lake nowhere = Lake.connect(new LakeSettings("http://127.0.0.1:1", "k", "s", "lake"),
                new Retry(3, Duration.ofMillis(10), Duration.ofMillis(20)));

        LakeException e = assertThrows(LakeException.class, () -> nowhere.stat(ObjectKey.of("a/b")));

        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void aListingOfAnUnreachableServerIsRetriedThenReportedAsTransient() {
        Lake nowhere = Lake.connect(new LakeSettings("http://127.0.0.1:1", "k", "s", "lake"),
                new Retry(3, Duration.ofMillis(10), Duration.ofMillis(20)));

        LakeException objects = assertThrows(LakeException.class, () -> nowhere.list("market-data/"));
        LakeException directories = assertThrows(LakeException.class, () -> nowhere.directories("market-data/"));

        for (LakeException e : List.of(objects, directories)) {
            assertTrue(e.isTransient(), e.getMessage());
            assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        }
    }
}
