package org.locness.cli.container;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker image the container tests run: by default this project's (scripts/build-images.sh kafka,
 * tagged with the Kafka version of the clients on this classpath); {@code -Dlocness.kafka.image=apache/kafka:4.1.0}
 * runs the same tests on the official image where a registry is reachable.
 */
final class KafkaImage {
    static final String PROPERTY = "locness.kafka.image";

    private KafkaImage() {
    }

    static String reference() {
        return System.getProperty(PROPERTY, "ghcr.io/locness/kafka:" + AppInfoParser.getVersion());
    }

    static boolean isOwn() {
        return System.getProperty(PROPERTY) == null;
    }

    /** Ours or another, KafkaContainer treats it as apache/kafka: same variables, same start script. */
    static DockerImageName asApacheKafka() {
        return DockerImageName.parse(reference()).asCompatibleSubstituteFor("apache/kafka");
    }
}
