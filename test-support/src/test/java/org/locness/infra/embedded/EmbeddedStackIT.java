package org.locness.infra.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.locness.events.s3.MinioEventParser;
import org.locness.events.s3.S3EventKind;
import org.locness.events.s3.S3ObjectEvent;
import org.locness.events.topic.Topic;
import org.locness.events.topic.TopicSpec;
import org.locness.testing.EmbeddedStackTest;

@EmbeddedStackTest(temporal = true)
class EmbeddedStackIT {

    @Test
    void brokerHasEveryRegistryTopicAndItsDlq(EmbeddedStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : Topic.allSpecs()) {
                assertTrue(names.contains(spec.name()), spec.name() + " missing from " + names);
            }
        }
        assertTrue(stack.temporalTarget().isPresent());
    }

    @Test
    void objectChangesArriveOnLakeObjectEventsInMinioFormat(EmbeddedStack stack) throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).build();
        byte[] body = "bars".getBytes(StandardCharsets.UTF_8);
        String key = "pre-swept/BTC/bars 1.parquet";
        s3.putObject(PutObjectArgs.builder().bucket("lake").object(key)
                .stream(new ByteArrayInputStream(body), body.length, -1).build());
        s3.removeObject(RemoveObjectArgs.builder().bucket("lake").object(key).build());

        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(stack.kafkaSettings().consumer("it-events"))) {
            consumer.subscribe(List.of(Topic.LAKE_OBJECT_EVENTS.topicName()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(2, records.size());
        assertEquals("lake/" + key, records.get(0).key());
        String raw = new String(records.get(0).value(), StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"key\":\"pre-swept%2FBTC%2Fbars+1.parquet\""), raw);
        S3ObjectEvent put = MinioEventParser.parse(records.get(0).value()).get(0);
        assertEquals(S3EventKind.PUT, put.kind());
        assertEquals(key, put.key());
        assertEquals("lake", put.bucket());
        assertEquals(body.length, put.size());
        S3ObjectEvent delete = MinioEventParser.parse(records.get(1).value()).get(0);
        assertEquals(S3EventKind.DELETE, delete.kind());
        assertEquals(key, delete.key());
    }
}
