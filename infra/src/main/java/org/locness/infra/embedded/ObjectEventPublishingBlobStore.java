package org.locness.infra.embedded;

import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.locness.events.s3.MinioEventFormat;
import org.locness.events.s3.S3EventKind;
import org.locness.events.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Makes s3proxy behave like MinIO with {@code notify_kafka}: after each successful put, copy,
 * multipart completion or delete, one notification in MinIO's exact format goes to
 * {@code lake.object-events}, keyed {@code bucket/key}. Parts of a multipart upload are not
 * objects and raise no event, as with MinIO.
 */
final class ObjectEventPublishingBlobStore extends ForwardingBlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectEventPublishingBlobStore.class);

    private final Producer<String, byte[]> producer;
    private final String endpoint;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong(System.nanoTime());

    ObjectEventPublishingBlobStore(BlobStore delegate, Producer<String, byte[]> producer, String endpoint, Clock clock) {
        super(delegate);
        this.producer = producer;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        created(S3EventKind.PUT, request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created(S3EventKind.COPY, request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(S3EventKind.COMPLETE_MULTIPART_UPLOAD, upload.containerName(), upload.blobName());
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        boolean existed = blobExists(request.bucket(), request.key());
        DeleteObjectResponse response = super.removeBlob(request);
        if (existed) {
            publish(S3EventKind.DELETE, request.bucket(), request.key(), 0, null, null);
        }
        return response;
    }

    private void created(S3EventKind kind, String bucket, String key) {
        HeadObjectResponse head = blobMetadata(HeadObjectRequest.builder().bucket(bucket).key(key).build());
        long size = head.contentLength() == null ? 0 : head.contentLength();
        String eTag = head.eTag() == null ? null : head.eTag().replace("\"", "");
        publish(kind, bucket, key, size, eTag, head.contentType());
    }

    private void publish(S3EventKind kind, String bucket, String key, long size, String eTag, String contentType) {
        String sequencer = Long.toHexString(sequence.incrementAndGet()).toUpperCase();
        byte[] value = MinioEventFormat.notification(kind, bucket, key, size, eTag,
                contentType == null ? "application/octet-stream" : contentType, clock.instant(), sequencer, endpoint);
        try {
            producer.send(new ProducerRecord<>(Topic.LAKE_OBJECT_EVENTS.topicName(),
                    MinioEventFormat.recordKey(bucket, key), value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // MinIO without a queue dir drops events while Kafka is down; so does the embedded lake.
            LOG.error("could not publish {} for {}/{}: {}", kind.eventName(), bucket, key, e.toString());
        }
    }
}
