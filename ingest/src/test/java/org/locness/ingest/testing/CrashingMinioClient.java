package org.locness.ingest.testing;

import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InternalException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.errors.XmlParserException;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An S3 client that kills the thread using it at a chosen delete under a prefix: the process
 * "dies" there, leaving the lake exactly as a real crash would. The crash is an {@link Error}, so no
 * retry or catch-all on the way up mistakes it for a transient failure.
 */
public final class CrashingMinioClient extends MinioClient {
    /** Where the crash happens. */
    public enum When {
        /** Instead of the delete: the object is copied and still at its source. */
        BEFORE_DELETE,
        /** Right after the delete: the object is moved, nothing has been published. */
        AFTER_DELETE
    }

    /** What a crashed ingest leaves behind. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    private final String prefix;
    private final When when;
    private final int crashAtDelete;
    private final AtomicInteger deletes = new AtomicInteger();

    /** Crashes at the {@code crashAtDelete}-th (1-based) delete of an object under {@code prefix}. */
    public CrashingMinioClient(MinioClient client, String prefix, When when, int crashAtDelete) {
        super(client);
        this.prefix = prefix;
        this.when = when;
        this.crashAtDelete = crashAtDelete;
    }

    @Override
    public void removeObject(RemoveObjectArgs args) throws ErrorResponseException, InsufficientDataException,
            InternalException, InvalidKeyException, InvalidResponseException, IOException, NoSuchAlgorithmException,
            ServerException, XmlParserException {
        boolean crash = args.object().startsWith(prefix) && deletes.incrementAndGet() == crashAtDelete;
        if (crash && when == When.BEFORE_DELETE) {
            throw new SimulatedCrash("crashed after copying, before deleting " + args.object());
        }
        super.removeObject(args);
        if (crash) {
            throw new SimulatedCrash("crashed after moving " + args.object() + ", before publishing");
        }
    }
}
