package org.locness.lake.s3;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import java.io.Reader;
import java.util.concurrent.ExecutionException;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Makes the lake's {@code ListObjectsV2} requests through minio-java (its signing, region lookup,
 * HTTP client and error responses) and reads each page with {@link ListingPage} rather than with
 * minio-java's per-response simple-xml parser. minio-java leaves its request methods open to
 * subclasses for calls like this one.
 */
final class ObjectLister extends MinioAsyncClient {
    /** S3's own limit on a page, and its default. */
    static final int MAX_PAGE = 1000;

    private final int pageSize;

    /**
     * @param client the client whose endpoint, credentials and HTTP client the listings use
     * @param pageSize the most objects a page may hold, 1 to {@value #MAX_PAGE} (small only in tests)
     */
    ObjectLister(MinioAsyncClient client, int pageSize) {
        super(client);
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("a listing page holds 1 to " + MAX_PAGE + " objects, was " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /**
     * One page of the objects under {@code prefix} in {@code bucket}.
     *
     * @param delimiter groups keys into common prefixes at this character; null to list recursively
     * @param startAfter only keys after this one; null for all
     * @param continuationToken the previous page's {@link ListingPage#nextContinuationToken()}; null for the first page
     */
    ListingPage page(String bucket, String prefix, String delimiter, String startAfter, String continuationToken)
            throws Exception {
        Multimap<String, String> query = HashMultimap.create();
        query.put("list-type", "2");
        query.put("encoding-type", "url");
        query.put("max-keys", Integer.toString(pageSize));
        query.put("prefix", prefix);
        if (delimiter != null) {
            query.put("delimiter", delimiter);
        }
        if (startAfter != null) {
            query.put("start-after", startAfter);
        }
        if (continuationToken != null) {
            query.put("continuation-token", continuationToken);
        }
        try (Response response = executeGetAsync(ListObjectsArgs.builder().bucket(bucket).build(), HashMultimap.create(),
                query).get(); ResponseBody body = response.body(); Reader xml = body.charStream()) {
            return ListingPage.parse(xml);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            // As minio-java's blocking client does: the cause (an S3 error response, an I/O failure) is what failed.
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
