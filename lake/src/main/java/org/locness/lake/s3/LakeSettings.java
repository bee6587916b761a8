package org.locness.lake.s3;

import java.util.Map;

/**
 * How to reach the lake: an S3 endpoint (MinIO in the cluster, s3proxy locally) and credentials
 * from the environment. {@link #toString()} never shows the secret.
 */
public record LakeSettings(String endpoint, String accessKey, String secretKey, String bucket) {
    public static final String ENDPOINT_ENV = "LOCNESS_S3_ENDPOINT";
    public static final String ACCESS_KEY_ENV = "LOCNESS_S3_ACCESS_KEY";
    public static final String SECRET_KEY_ENV = "LOCNESS_S3_SECRET_KEY";
    public static final String BUCKET_ENV = "LOCNESS_S3_BUCKET";

    public LakeSettings {
        require(ENDPOINT_ENV, endpoint);
        require(ACCESS_KEY_ENV, accessKey);
        require(SECRET_KEY_ENV, secretKey);
        if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
            throw new IllegalArgumentException(ENDPOINT_ENV + " must be an http(s) URL, was '" + endpoint + "'");
        }
        if (bucket == null || bucket.isBlank()) {
            bucket = "lake";
        }
    }

    public static LakeSettings fromEnvironment(Map<String, String> env) {
        return new LakeSettings(env.get(ENDPOINT_ENV), env.get(ACCESS_KEY_ENV), env.get(SECRET_KEY_ENV), env.get(BUCKET_ENV));
    }

    private static void require(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
    }

    @Override
    public String toString() {
        return "LakeSettings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket + "]";
    }
}
