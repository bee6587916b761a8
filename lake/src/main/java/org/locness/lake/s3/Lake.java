package org.locness.lake.s3;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.HttpUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.locness.events.InvalidEventException;
import org.locness.events.id.ObjectKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Locness Lake: one bucket on any S3 server, through minio-java. Every call retries transient
 * failures; uploads are verified (size, and MD5 where the ETag is one); downloads land atomically.
 */
public final class Lake {
    private static final Logger LOG = LoggerFactory.getLogger(Lake.class);
    private static final String PARQUET = "application/vnd.apache.parquet";

    /** Requests one client has in flight at most, well above what any caller asks for. */
    private static final int MAX_REQUESTS_IN_FLIGHT = 64;
    private static final int IDLE_CONNECTIONS_KEPT = 16;
    /** What minio-java gives its own client for connect, read and write. */
    private static final Duration MINIO_DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final MinioClient client;
    private final ObjectLister lister;
    private final String bucket;
    private final Retry retry;

    /**
     * @param client makes every call but the listings
     * @param listings makes the listings ({@link ObjectLister}); built for the same server and credentials
     */
    public Lake(MinioClient client, MinioAsyncClient listings, String bucket, Retry retry) {
        this(client, new ObjectLister(listings, ObjectLister.MAX_PAGE), bucket, retry);
    }

    Lake(MinioClient client, ObjectLister lister, String bucket, Retry retry) {
        this.client = client;
        this.lister = lister;
        this.bucket = bucket;
        this.retry = retry;
    }

    public static Lake connect(LakeSettings settings) {
        return connect(settings, Retry.defaults());
    }

    public static Lake connect(LakeSettings settings, Retry retry) {
        OkHttpClient http = httpClient();
        MinioClient client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .httpClient(http)
                .build();
        MinioAsyncClient listings = MinioAsyncClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .httpClient(http)
                .build();
        return new Lake(client, listings, settings.bucket(), retry);
    }

    /**
     * minio-java's own HTTP client, except for how many requests it sends at once. minio-java makes
     * every call asynchronously, and OkHttp runs at most 5 such calls per host by default: any
     * caller's concurrency above that (the prep's {@code LOCNESS_DAILY_PREP_FETCH_CONCURRENCY}) would
     * silently come down to 5. The callers bound their own concurrency, so the client's limit is
     * only a backstop, and as many connections stay open as a burst of them uses.
     */
    private static OkHttpClient httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_REQUESTS_IN_FLIGHT);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_IN_FLIGHT);
        long timeout = MINIO_DEFAULT_TIMEOUT.toMillis();
        return HttpUtils.newDefaultHttpClient(timeout, timeout, timeout).newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS_KEPT, 5, TimeUnit.MINUTES))
                .build();
    }

    public String bucket() {
        return bucket;
    }

    public MinioClient client() {
        return client;
    }

    /** Creates the bucket if it is missing; safe to call from every component at start. */
    public void ensureBucket() {
        retry.call("ensure bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    LOG.info("created bucket {}", bucket);
                } catch (ErrorResponseException e) {
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /** Uploads a file and checks what arrived; returns the stored object's info. */
    public ObjectInfo put(ObjectKey key, Path file) {
        String md5 = md5Of(file);
        long size = sizeOf(file);
        return retry.call("put " + key, () -> {
            client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key.value())
                    .filename(file.toString()).contentType(contentType(key)).build());
            ObjectInfo stored = stat(key).orElseThrow(() -> new IOException(key + " is missing right after its upload"));
            verify(key, stored, size, md5);
            return stored;
        });
    }

    /** Uploads a stream of known size (or -1 for unknown, multipart in 10 MB parts). */
    public ObjectInfo put(ObjectKey key, InputStream in, long size) {
        return retry.call("put " + key, () -> {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key.value())
                    .stream(in, size, size < 0 ? 10L * 1024 * 1024 : -1).contentType(contentType(key)).build());
            return stat(key).orElseThrow(() -> new IOException(key + " is missing right after its upload"));
        });
    }

    /** Downloads to {@code target} through a temporary sibling and an atomic rename. */
    public ObjectInfo get(ObjectKey key, Path target) {
        return retry.call("get " + key, () -> {
            copyTo(key, target);
            return stat(key).orElseThrow(() -> new IOException(key + " vanished during its download"));
        });
    }

    /**
     * Downloads like {@link #get} but without its stat: one round trip, for callers that listed the
     * object already and only need its bytes.
     *
     * @return the bytes written
     */
    public long download(ObjectKey key, Path target) {
        return retry.call("download " + key, () -> copyTo(key, target).size());
    }

    /**
     * Downloads like {@link #download}, in one round trip, and tells which version came: the size
     * written and the ETag of the GET's response, so that a later {@link #stat} can tell whether the
     * object was replaced since. Empty, with nothing written, if there is no such object.
     */
    public Optional<ObjectInfo> downloadIfPresent(ObjectKey key, Path target) {
        return retry.call("download " + key, () -> {
            try {
                return Optional.of(copyTo(key, target));
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** The object's bytes into {@code target}, through a temporary sibling; its size and ETag (no modification time). */
    private ObjectInfo copyTo(ObjectKey key, Path target) throws Exception {
        Path parent = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            // Not unconditionally: on an existing directory it costs a failed mkdir and an exception.
            Files.createDirectories(parent);
        }
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key.value()).build())) {
            long bytes = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            String eTag = in.headers().get("ETag");
            // As minio-java's stat gives it: without the quotes.
            return new ObjectInfo(key, bytes, eTag == null ? "" : eTag.replace("\"", ""), null);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Opens the object's content; the caller closes the stream. No retry once bytes flow. */
    public InputStream open(ObjectKey key) {
        return retry.call("open " + key,
                () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key.value()).build()));
    }

    public Optional<ObjectInfo> stat(ObjectKey key) {
        return retry.call("stat " + key, () -> {
            try {
                StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key.value()).build());
                return Optional.of(new ObjectInfo(key, r.size(), r.etag(), r.lastModified().toInstant()));
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public boolean exists(ObjectKey key) {
        return stat(key).isPresent();
    }

    /**
     * Every object under {@code prefix}, recursively, in key order. Directory markers and keys that
     * are not valid {@link ObjectKey}s are skipped.
     */
    public List<ObjectInfo> list(String prefix) {
        return list(prefix, null);
    }

    /**
     * As {@link #list(String)}, only the keys that sort after {@code startAfter} (S3's
     * {@code start-after}; null for all): the server skips the rest rather than sending it.
     */
    public List<ObjectInfo> list(String prefix, String startAfter) {
        return retry.call("list " + prefix + (startAfter == null ? "" : " after " + startAfter), () -> {
            List<ObjectInfo> out = new ArrayList<>();
            for (ListingPage page : pages(prefix, null, startAfter)) {
                for (ListingPage.Entry entry : page.objects()) {
                    if (!entry.key().endsWith("/")) {
                        locnessKey(entry.key()).ifPresent(key -> out.add(
                                new ObjectInfo(key, entry.size(), entry.eTag(), entry.lastModified())));
                    }
                }
            }
            out.sort((a, b) -> a.key().compareTo(b.key()));
            return out;
        });
    }

    /**
     * The "directories" right under {@code prefix} (the common prefixes of a listing with delimiter
     * '/'), each ending in '/', in key order.
     */
    public List<String> directories(String prefix) {
        return retry.call("list directories of " + prefix, () -> {
            List<String> out = new ArrayList<>();
            for (ListingPage page : pages(prefix, "/", null)) {
                out.addAll(page.commonPrefixes());
            }
            out.sort(null);
            return out;
        });
    }

    /** Every page of a listing, each requested once the one before it has come. */
    private List<ListingPage> pages(String prefix, String delimiter, String startAfter) throws Exception {
        List<ListingPage> pages = new ArrayList<>();
        String token = null;
        do {
            ListingPage page = lister.page(bucket, prefix, delimiter, startAfter, token);
            pages.add(page);
            token = page.nextContinuationToken();
        } while (token != null);
        return pages;
    }

    /** Keys no Locness builder could have made (spaces, "..") are someone else's: listed past, with a warning. */
    private static Optional<ObjectKey> locnessKey(String name) {
        try {
            return Optional.of(ObjectKey.of(name));
        } catch (InvalidEventException e) {
            LOG.warn("skipping object '{}' in a listing: {}", name, e.reason());
            return Optional.empty();
        }
    }

    /** Deletes the object; deleting a missing object is not an error (S3 semantics). */
    public void delete(ObjectKey key) {
        retry.call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key.value()).build());
            return null;
        });
    }

    /** Server-side copy; the destination is complete or absent, never half-written. */
    public ObjectInfo copy(ObjectKey from, ObjectKey to) {
        return retry.call("copy " + from + " -> " + to, () -> {
            client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(to.value())
                    .source(CopySource.builder().bucket(bucket).object(from.value()).build()).build());
            return stat(to).orElseThrow(() -> new IOException(to + " is missing right after the copy"));
        });
    }

    /**
     * Crash-safe MOVE: copy, verify, delete. Whatever step a previous attempt died in, calling it
     * again converges to exactly one object, at the destination.
     */
    public ObjectInfo move(ObjectKey from, ObjectKey to) {
        Optional<ObjectInfo> source = stat(from);
        Optional<ObjectInfo> target = stat(to);
        if (source.isEmpty()) {
            return target.orElseThrow(() -> new LakeException("cannot move " + from + ": it does not exist and "
                    + to + " does not either", null, false));
        }
        ObjectInfo copied = target.filter(t -> sameContent(source.get(), t)).orElseGet(() -> copy(from, to));
        if (!sameContent(source.get(), copied)) {
            throw new LakeException("move " + from + " -> " + to + ": the copy differs from its source (size "
                    + copied.size() + " vs " + source.get().size() + ")", null, true);
        }
        delete(from);
        return copied;
    }

    private static boolean sameContent(ObjectInfo a, ObjectInfo b) {
        if (a.size() != b.size()) {
            return false;
        }
        // Multipart ETags ("…-N") are not content hashes and change on copy; size is then the check.
        String ea = stripQuotes(a.eTag());
        String eb = stripQuotes(b.eTag());
        return ea == null || eb == null || ea.contains("-") || eb.contains("-") || ea.equals(eb);
    }

    private static void verify(ObjectKey key, ObjectInfo stored, long size, String md5) throws IOException {
        if (stored.size() != size) {
            throw new IOException(key + ": stored " + stored.size() + " bytes, sent " + size);
        }
        String etag = stripQuotes(stored.eTag());
        if (etag != null && !etag.contains("-") && !etag.equalsIgnoreCase(md5)) {
            throw new IOException(key + ": stored ETag " + etag + " does not match the file's MD5 " + md5);
        }
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    /** MD5 of a file as S3 computes a single-part ETag. */
    public static String md5Of(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new LakeException("cannot read " + file + ": " + e.getMessage(), e, false);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new LakeException("cannot read " + file + ": " + e.getMessage(), e, false);
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                || e.response() != null && e.response().code() == 404;
    }

    private static String contentType(ObjectKey key) {
        return key.value().endsWith(".parquet") ? PARQUET : "application/octet-stream";
    }
}
