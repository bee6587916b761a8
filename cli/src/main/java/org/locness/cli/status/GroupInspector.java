package org.locness.cli.status;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.locness.events.kafka.KafkaSettings;

/** Asks the broker how far a consumer group has got on a partition, and whether anyone is consuming. */
final class GroupInspector implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;
    private final Admin admin;

    GroupInspector(KafkaSettings kafka) {
        this.admin = Admin.create(kafka.common());
    }

    GroupProgress progress(String group, RecordPosition input) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(group);
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            OffsetAndMetadata committed = offsets.get(input.topicPartition());
            return new GroupProgress(group, description.groupState().toString(), description.members().size(),
                    committed == null ? OptionalLong.empty() : OptionalLong.of(committed.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing group " + group, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return new GroupProgress(group, "never joined", 0, OptionalLong.empty());
            }
            throw new IllegalStateException("could not describe group " + group + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not describe group " + group + ": " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
