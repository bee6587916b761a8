package org.locness.inference.model;

import ai.djl.engine.Engine;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine from what is already on this machine, or explains what is missing.
 *
 * <p>DJL's native-library loader downloads libtorch or its JNI glue whenever the classpath does
 * not hold a matching build, and {@code ai.djl.offline} does not stop it. So before the engine
 * starts, this class checks the conditions under which DJL would download and refuses instead;
 * it also checks that the ~450 MB libtorch can be extracted into {@code DJL_CACHE_DIR}.
 */
final class OfflinePyTorch {

    static final String ENGINE = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(OfflinePyTorch.class);
    private static final String OFFLINE_PROPERTY = "ai.djl.offline";
    private static final Pattern RELEASE = Pattern.compile("^(\\d+\\.\\d+\\.\\d+)");
    /** libtorch_cpu.so alone is ~446 MB once extracted. */
    private static final long EXTRACTED_BYTES = 600L * 1024 * 1024;

    private static Engine engine;

    private OfflinePyTorch() {
    }

    /**
     * Sets {@code ai.djl.offline=true} unless the operator chose a value: it stops DJL's
     * telemetry probe and model-zoo lookups. Must run before DJL classes initialise.
     */
    static void enableOfflineMode() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
    }

    /** The PyTorch engine, started once per process after the offline checks. */
    static synchronized Engine engine() {
        if (engine == null) {
            enableOfflineMode();
            Path cacheDir = Utils.getEngineCacheDir("pytorch");
            refuseDownloads(cacheDir);
            try {
                engine = Engine.getEngine(ENGINE);
            } catch (RuntimeException e) {
                throw new ModelLoadException("the PyTorch engine did not start from the native library cache "
                        + cacheDir.toAbsolutePath() + " (set DJL_CACHE_DIR to move it): " + innermostMessage(e), e);
            }
            LOG.info("PyTorch {} started offline; native library cache {}", engine.getVersion(), cacheDir.toAbsolutePath());
        }
        return engine;
    }

    private static void refuseDownloads(Path cacheDir) {
        Platform platform = Platform.detectPlatform("pytorch");
        String bundled = platform.isPlaceholder() ? null : platform.getVersion();
        String reason = downloadReason(platform.getClassifier(), bundled,
                Utils.getEnvOrSystemProperty("PYTORCH_VERSION"),
                Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH") != null,
                jniVersion(), platform.getApiVersion());
        if (reason != null) {
            throw new ModelLoadException(reason + "; DJL would try to download it, and Locness never downloads");
        }
        if (bundled != null) {
            Path extracted = cacheDir.resolve(bundled + '-' + platform.getFlavor() + '-' + platform.getClassifier())
                    .resolve(System.mapLibraryName("torch"));
            String problem = cacheProblem(cacheDir, extracted, EXTRACTED_BYTES);
            if (problem != null) {
                throw new ModelLoadException(problem);
            }
        }
    }

    /**
     * Why DJL would download native code, or {@code null} if it will not.
     *
     * @param classifier e.g. {@code linux-x86_64}
     * @param bundledVersion libtorch version of the native jar on the classpath; null if none
     * @param versionOverride {@code PYTORCH_VERSION}, if set
     * @param libraryOverride whether {@code PYTORCH_LIBRARY_PATH} points at a local libtorch
     * @param jniVersion {@code jni_version} of the pytorch-jni jar on the classpath; null if none
     * @param djlVersion DJL's version
     */
    static String downloadReason(String classifier, String bundledVersion, String versionOverride,
            boolean libraryOverride, String jniVersion, String djlVersion) {
        boolean overridden = versionOverride != null && !versionOverride.isEmpty();
        if (!libraryOverride) {
            if (bundledVersion == null) {
                return "no PyTorch native library for " + classifier + " is on the classpath"
                        + " (add ai.djl.pytorch:pytorch-native-cpu with classifier " + classifier + ")";
            }
            if (overridden && !bundledVersion.startsWith(versionOverride)) {
                return "PYTORCH_VERSION=" + versionOverride + " asks for another libtorch than the bundled "
                        + bundledVersion + " (unset PYTORCH_VERSION)";
            }
        }
        if (jniVersion == null) {
            return "the PyTorch JNI library is not on the classpath (add ai.djl.pytorch:pytorch-jni)";
        }
        String libtorch = libraryOverride && overridden ? versionOverride : bundledVersion;
        if (libtorch != null) {
            Matcher release = RELEASE.matcher(libtorch);
            String expected = (release.find() ? release.group(1) : libtorch) + '-' + djlVersion;
            if (!jniVersion.startsWith(expected)) {
                return "pytorch-jni " + jniVersion + " does not match libtorch " + libtorch + " and DJL " + djlVersion
                        + " (use pytorch-jni " + expected + ")";
            }
        }
        return null;
    }

    /**
     * Why libtorch cannot be extracted into the cache, or {@code null} if it is already there or
     * can be.
     */
    static String cacheProblem(Path cacheDir, Path extractedLibrary, long bytesNeeded) {
        if (Files.isRegularFile(extractedLibrary)) {
            return null;
        }
        Path existing = cacheDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String cannot = "cannot extract the PyTorch native library into " + cacheDir.toAbsolutePath() + ": ";
        String fix = "; point DJL_CACHE_DIR at a writable directory with room for it";
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            return cannot + (existing == null ? "no parent directory exists" : existing + " is not a writable directory") + fix;
        }
        try {
            long usable = Files.getFileStore(existing).getUsableSpace();
            if (usable < bytesNeeded) {
                return cannot + "only " + usable / (1024 * 1024) + " MB free, it needs about "
                        + bytesNeeded / (1024 * 1024) + " MB" + fix;
            }
        } catch (IOException e) {
            return cannot + e.getMessage() + fix;
        }
        return null;
    }

    private static String jniVersion() {
        try (InputStream in = OfflinePyTorch.class.getResourceAsStream("/jnilib/pytorch.properties")) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("jni_version");
        } catch (IOException e) {
            throw new ModelLoadException("cannot read the PyTorch JNI jar's jnilib/pytorch.properties: " + e.getMessage(), e);
        }
    }

    private static String innermostMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + ": " + root;
    }
}
