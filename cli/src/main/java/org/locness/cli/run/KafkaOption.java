package org.locness.cli.run;

import org.locness.events.kafka.KafkaSettings;
import picocli.CommandLine.Option;

/** {@code --kafka-bootstrap}, over LOCNESS_KAFKA_BOOTSTRAP: for the operator's one-shot commands. */
public final class KafkaOption {
    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: LOCNESS_KAFKA_BOOTSTRAP).")
    String bootstrap;

    public KafkaSettings settings() {
        return KafkaSettings.fromEnvironment(new Environment().set(KafkaSettings.BOOTSTRAP_ENV, bootstrap).asMap());
    }
}
