package org.locness.events.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/** Notifications in MinIO's exact {@code notify_kafka} format, under {@code src/test/resources/minio/}. */
public final class MinioFixtures {
    private MinioFixtures() {
    }

    public static Stream<String> names() {
        return Stream.of("put.json", "multipart.json", "copy.json", "delete.json", "several-records.json");
    }

    public static byte[] read(String name) {
        try (InputStream in = MinioFixtures.class.getResourceAsStream("/minio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /minio/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
