package org.locness.events.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How a component reaches Kafka. SCRAM credentials (Strimzi's KafkaUser) come from the environment
 * and are never logged: {@link #toString()} hides the password.
 */
public record KafkaSettings(String bootstrap, String username, String password) {
    public static final String BOOTSTRAP_ENV = "LOCNESS_KAFKA_BOOTSTRAP";
    /** The producers' max.request.size (Kafka's default, stated so the DLQ can size its records to it). */
    public static final int MAX_REQUEST_BYTES = 1_048_576;

    public KafkaSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException(BOOTSTRAP_ENV + " is not set: give the Kafka bootstrap servers, e.g. 127.0.0.1:9092");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("LOCNESS_KAFKA_USERNAME and LOCNESS_KAFKA_PASSWORD must be set together");
        }
    }

    public static KafkaSettings plain(String bootstrap) {
        return new KafkaSettings(bootstrap, null, null);
    }

    public static KafkaSettings fromEnvironment(Map<String, String> env) {
        return new KafkaSettings(env.get(BOOTSTRAP_ENV), env.get("LOCNESS_KAFKA_USERNAME"), env.get("LOCNESS_KAFKA_PASSWORD"));
    }

    public Properties common() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (username != null) {
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
            p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + username + "\" password=\"" + password + "\";");
        }
        return p;
    }

    /** Idempotent producer, acks=all, no linger: a send that returns is durable on the broker. */
    public Properties producer(String clientId) {
        Properties p = common();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Every send is awaited (EventPublisher.publish) or flushed by its transaction's commit before the work
        // it stands for is committed, so lingering for a fuller batch would only delay it.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        return p;
    }

    public Properties transactionalProducer(String transactionalId) {
        Properties p = producer(transactionalId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return p;
    }

    /** Manual commits, read_committed: consumers never see aborted transactional output. */
    public Properties consumer(String groupId) {
        Properties p = common();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrap=" + bootstrap + ", username=" + (username == null ? "-" : username)
                + ", password=" + (password == null ? "-" : "***") + "]";
    }
}
