package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchWalkTest {
    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicBoolean stop = new AtomicBoolean();
    private final BatchWalk walk = new BatchWalk(consumer, stop::get);
    private final List<String> stepped = new ArrayList<>();

    BatchWalkTest() {
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    /** P0 holds offsets 5..7, then P1 offsets 3..4, in that order. */
    private static ConsumerRecords<String, byte[]> batch() {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new LinkedHashMap<>();
        records.put(P0, List.of(record(P0, 5), record(P0, 6), record(P0, 7)));
        records.put(P1, List.of(record(P1, 3), record(P1, 4)));
        return new ConsumerRecords<>(records, Map.of());
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "k", new byte[0]);
    }

    /** A step that notes each record as "partition@offset" and fails on {@code failing} alone. */
    private Predicate<ConsumerRecord<String, byte[]>> failingOn(String failing) {
        return record -> {
            String at = record.partition() + "@" + record.offset();
            stepped.add(at);
            return !at.equals(failing);
        };
    }

    @Test
    void aWholeBatchFinishedReportsEachPartitionsRangeAndSeeksNothing() {
        BatchWalk.Walked walked = walk.walk(batch(), failingOn("none"));

        assertFalse(walked.failed());
        assertEquals(List.of("0@5", "0@6", "0@7", "1@3", "1@4"), stepped);
        assertEquals(Map.of(P0, 5L, P1, 3L), walked.firstFinished());
        assertEquals(Map.of(P0, 8L, P1, 5L), walked.finishedTo());
    }

    @Test
    void theFirstUnfinishedRecordIsSoughtBackToAndNothingAfterItIsStepped() {
        consumer.seek(P0, 8);
        consumer.seek(P1, 5);

        BatchWalk.Walked walked = walk.walk(batch(), failingOn("0@6"));

        assertTrue(walked.failed());
        assertEquals(List.of("0@5", "0@6"), stepped);
        assertEquals(Map.of(P0, 5L), walked.firstFinished());
        assertEquals(Map.of(P0, 6L), walked.finishedTo());
        assertEquals(6, consumer.position(P0), "the failed record is fetched again");
        assertEquals(3, consumer.position(P1), "a later partition is fetched again from its first record");
    }

    @Test
    void aStopRequestLeavesTheRestUnfinishedWithoutCountingAsAFailure() {
        consumer.seek(P0, 8);
        consumer.seek(P1, 5);

        BatchWalk.Walked walked = walk.walk(batch(), record -> {
            stop.set(true);
            return failingOn("none").test(record);
        });

        assertFalse(walked.failed());
        assertEquals(List.of("0@5"), stepped);
        assertEquals(Map.of(P0, 6L), walked.finishedTo());
        assertEquals(6, consumer.position(P0));
        assertEquals(3, consumer.position(P1));
    }

    @Test
    void rewindSeeksEachOwnedPartitionBackToTheBatchsFirstRecordAndLeavesALostOne() {
        consumer.assign(List.of(P0));
        consumer.seek(P0, 8);

        walk.rewind(batch()); // seeking P1, no longer assigned, would throw

        assertEquals(5, consumer.position(P0));
    }
}
