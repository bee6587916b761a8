package org.locness.infra.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.lake.LakeKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * An S3 server in this JVM (s3proxy on its file-system store) with bucket {@code lake}, whose object
 * changes are published to Kafka in MinIO's format. Speaks S3 exactly like MinIO for minio-java.
 */
public final class EmbeddedLake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLake.class);

    private final S3Proxy proxy;
    private final Producer<String, byte[]> producer;
    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final Path dataDir;
    private final boolean deleteOnClose;

    private EmbeddedLake(S3Proxy proxy, Producer<String, byte[]> producer, String endpoint, String accessKey,
            String secretKey, Path dataDir, boolean deleteOnClose) {
        this.proxy = proxy;
        this.producer = producer;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    public static EmbeddedLake start(int port, Path dataDir, KafkaSettings kafka, String accessKey, String secretKey,
            boolean deleteOnClose) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(dataDir);
        BlobStore files = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        int boundPort = Ports.orFree(port);
        String endpoint = "http://127.0.0.1:" + boundPort;
        Producer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("embedded-lake"));
        BlobStore store = new ObjectEventPublishingBlobStore(files, producer, endpoint, Clock.systemUTC());
        if (!Files.isDirectory(dataDir.resolve(LakeKeys.BUCKET))) {
            try {
                store.headBucket(HeadBucketRequest.builder().bucket(LakeKeys.BUCKET).build());
            } catch (RuntimeException missing) {
                store.createContainer(CreateBucketRequest.builder().bucket(LakeKeys.BUCKET).build());
            }
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            producer.close();
            throw e;
        }
        LOG.info("S3 lake ready on {} in {} ms", endpoint, (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedLake(proxy, producer, endpoint, accessKey, secretKey, dataDir, deleteOnClose);
    }

    public String endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            producer.close();
            if (deleteOnClose) {
                TempDirs.deleteRecursively(dataDir);
            }
        }
    }
}
