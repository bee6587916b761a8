package org.locness.lake.bootstrap;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the lake's bucket notifications go: the ARN of the S3 server's Kafka target. On MinIO the
 * ARN is {@code arn:minio:sqs::<ID>:kafka}, where {@code <ID>} is the suffix of its
 * {@code MINIO_NOTIFY_KAFKA_*_<ID>} variables.
 */
public record LakeNotificationConfig(String targetArn) {
    public static final String TARGET_ARN_ENV = "LOCNESS_S3_NOTIFY_ARN";
    public static final String DEFAULT_TARGET_ARN = "arn:minio:sqs::PRIMARY:kafka";
    private static final Pattern QUEUE_ARN = Pattern.compile("^arn:[a-z0-9-]+:sqs:[a-z0-9-]*:[A-Za-z0-9_-]+:[a-z0-9]+$");

    public LakeNotificationConfig {
        if (targetArn == null || !QUEUE_ARN.matcher(targetArn).matches()) {
            throw new IllegalArgumentException(TARGET_ARN_ENV + " must be a queue ARN such as " + DEFAULT_TARGET_ARN
                    + ", was '" + targetArn + "'");
        }
    }

    public static LakeNotificationConfig defaults() {
        return new LakeNotificationConfig(DEFAULT_TARGET_ARN);
    }

    /** Reads {@value #TARGET_ARN_ENV}; unset or blank means {@value #DEFAULT_TARGET_ARN}. */
    public static LakeNotificationConfig fromEnvironment(Map<String, String> env) {
        String arn = env.get(TARGET_ARN_ENV);
        return arn == null || arn.isBlank() ? defaults() : new LakeNotificationConfig(arn.strip());
    }
}
