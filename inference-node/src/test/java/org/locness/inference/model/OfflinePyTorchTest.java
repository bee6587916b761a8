package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conditions under which DJL would download native code, and the cache checks. */
class OfflinePyTorchTest {

    private static final String CLASSIFIER = "linux-x86_64";
    private static final String BUNDLED = "2.7.1-20250812";
    private static final String JNI = "2.7.1-0.36.0";
    private static final String DJL = "0.36.0";

    @Test
    void matchingJarsNeedNoDownload() {
        assertNull(OfflinePyTorch.downloadReason(CLASSIFIER, BUNDLED, null, false, JNI, DJL));
        assertNull(OfflinePyTorch.downloadReason(CLASSIFIER, BUNDLED, "2.7.1", false, JNI, DJL));
        assertNull(OfflinePyTorch.downloadReason(CLASSIFIER, BUNDLED, "", false, JNI, DJL));
    }

    @Test
    void missingNativeJarIsNamed() {
        String reason = OfflinePyTorch.downloadReason(CLASSIFIER, null, null, false, JNI, DJL);
        assertTrue(reason.contains("pytorch-native-cpu") && reason.contains(CLASSIFIER), reason);
    }

    @Test
    void anotherPytorchVersionIsRefused() {
        String reason = OfflinePyTorch.downloadReason(CLASSIFIER, BUNDLED, "2.5.1", false, JNI, DJL);
        assertTrue(reason.contains("PYTORCH_VERSION=2.5.1"), reason);
    }

    @Test
    void localLibtorchNeedsNoNativeJar() {
        assertNull(OfflinePyTorch.downloadReason(CLASSIFIER, null, "2.7.1", true, JNI, DJL));
    }

    @Test
    void missingOrMismatchedJniIsNamed() {
        String missing = OfflinePyTorch.downloadReason(CLASSIFIER, BUNDLED, null, false, null, DJL);
        assertTrue(missing.contains("pytorch-jni"), missing);
        String mismatched = OfflinePyTorch.downloadReason(CLASSIFIER, BUNDLED, null, false, "2.5.1-0.33.0", DJL);
        assertTrue(mismatched.contains("use pytorch-jni 2.7.1-0.36.0"), mismatched);
    }

    @Test
    void extractedLibraryNeedsNothingMore(@TempDir Path tmp) throws IOException {
        Path library = Files.createDirectories(tmp.resolve("pytorch/v")).resolve("libtorch.so");
        Files.createFile(library);
        assertNull(OfflinePyTorch.cacheProblem(tmp.resolve("pytorch"), library, Long.MAX_VALUE));
    }

    @Test
    void writableCacheWithRoomIsFine(@TempDir Path tmp) {
        Path cache = tmp.resolve("not/yet/made");
        assertNull(OfflinePyTorch.cacheProblem(cache, cache.resolve("v/libtorch.so"), 1));
    }

    @Test
    void cacheUnderAFileIsNamed(@TempDir Path tmp) throws IOException {
        Path file = Files.createFile(tmp.resolve("plain-file"));
        Path cache = file.resolve("djl/pytorch");
        String problem = OfflinePyTorch.cacheProblem(cache, cache.resolve("v/libtorch.so"), 1);
        assertTrue(problem.contains(file + " is not a writable directory") && problem.contains("DJL_CACHE_DIR"), problem);
    }

    @Test
    void fullDiskIsNamed(@TempDir Path tmp) {
        Path cache = tmp.resolve("pytorch");
        String problem = OfflinePyTorch.cacheProblem(cache, cache.resolve("v/libtorch.so"), Long.MAX_VALUE);
        assertTrue(problem.contains("MB free"), problem);
    }
}
