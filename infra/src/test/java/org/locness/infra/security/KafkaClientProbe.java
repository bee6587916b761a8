package org.locness.infra.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.locness.events.kafka.KafkaSettings;

/**
 * The client operations a component performs, each as one short-lived client under one user's
 * settings: it returns normally when the broker allows it and throws the broker's refusal otherwise.
 */
final class KafkaClientProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings settings;

    KafkaClientProbe(KafkaSettings settings) {
        this.settings = settings;
    }

    /** One record through an idempotent producer, as every component's EventPublisher sends. */
    void produce(String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(bounded(settings.producer("probe")))) {
            unwrap(() -> producer.send(record(topic)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /** A committed transaction with {@code transactionalId}, as ingest's and the aggregator's producers use. */
    void produceTransactionally(String transactionalId, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(bounded(settings.transactionalProducer(transactionalId)))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic));
            producer.commitTransaction();
        }
    }

    /** Joins {@code group} on {@code topics}, waits for its partitions and commits its position. */
    void consume(String group, Collection<String> topics) {
        Properties props = bounded(settings.consumer(group));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.copyOf(topics));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.assignment().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(group + " got no partitions of " + topics + " within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(100));
            }
            // A partition can be assigned before anything is fetched, and a topic the user may describe but
            // not read (WRITE implies DESCRIBE) is refused only by the fetch: fetch once from a known position.
            for (TopicPartition partition : consumer.assignment()) {
                consumer.position(partition, TIMEOUT);
            }
            consumer.poll(Duration.ofSeconds(1));
            consumer.commitSync();
        }
    }

    /** Creates a topic, as Kafka Streams creates its changelog and repartition topics. */
    void createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(bounded(settings.common()))) {
            unwrap(() -> admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    /** What `kcat -L` and the admin tools see first: the topic names this user may describe. */
    Collection<String> listTopics() throws Exception {
        try (Admin admin = Admin.create(bounded(settings.common()))) {
            return unwrap(() -> admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    private static ProducerRecord<String, byte[]> record(String topic) {
        return new ProducerRecord<>(topic, "probe", "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** Refusals surface within seconds; without bounds a refused client retries for its full default. */
    private static Properties bounded(Properties props) {
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return props;
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    /** The broker's error, not the future's wrapper, so tests can name the refusal they expect. */
    private static <T> T unwrap(Call<T> call) throws Exception {
        try {
            return call.run();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException refusal) {
                throw refusal;
            }
            throw e;
        }
    }
}
