package org.locness.events.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.locness.events.job.JobRequested;
import org.locness.events.json.EventCodec;

class CommitAfterWorkLoopTest {
    private static final EventCodec<JobRequested> JOBS = EventCodec.of(JobRequested.class);

    private final LogConsumer consumer = new LogConsumer();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    /** Offsets in the order the handler was called with them, retries included. */
    private final List<Long> attempts = new CopyOnWriteArrayList<>();
    private CommitAfterWorkLoop loop;
    private Thread thread;

    private void start(RecordHandler handler) {
        loop = new CommitAfterWorkLoop("jobs-test", consumer, List.of(LogConsumer.TOPIC), record -> {
            attempts.add(record.offset());
            handler.handle(record);
        }, new DeadLetterRouter(producer), metrics, Duration.ofMillis(1), Duration.ofMillis(20));
        thread = loop.start();
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    private double count(String outcome) {
        return metrics.get("locness_consumer_records").tag("outcome", outcome).counter().count();
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(15, TimeUnit.SECONDS), "timed out waiting for the handler");
    }

    @Test
    void aPoisonRecordGoesToTheDlqAndTheNextRecordIsProcessed() {
        consumer.append("BTC", "{\"symbol\":\"BTC\"}");
        byte[] poison = consumer.append("x", "{\"symbol\":\"../etc\"}");
        consumer.append("ETH", "{\"symbol\":\"ETH\"}");
        List<String> symbols = new CopyOnWriteArrayList<>();
        start(record -> symbols.add(JOBS.parse(record.value()).symbol().value()));

        Await.until("all three records are committed", () -> consumer.committedOffset() == 3);
        assertEquals(List.of("BTC", "ETH"), symbols);
        assertEquals(List.of(0L, 1L, 2L), attempts);
        ProducerRecord<String, byte[]> dead = producer.history().get(0);
        assertEquals(1, producer.history().size());
        assertEquals("jobs.requested.dlq", dead.topic());
        assertEquals("x", dead.key());
        assertArrayEquals(poison, dead.value());
        assertEquals("symbol", header(dead, DeadLetterRouter.FIELD));
        assertEquals("1", header(dead, DeadLetterRouter.SOURCE_OFFSET));
        assertEquals(2.0, count("processed"));
        assertEquals(1.0, count("dead_lettered"));
    }

    @Test
    void aTransientFailureIsRetriedAndNothingPastItIsCommitted() throws InterruptedException {
        consumer.append("BTC", "{\"symbol\":\"BTC\"}");
        consumer.append("ETH", "{\"symbol\":\"ETH\"}");
        consumer.append("SOL", "{\"symbol\":\"SOL\"}");
        CountDownLatch retrying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(record -> {
            if (record.offset() == 1) {
                if (attempts.indexOf(1L) == attempts.lastIndexOf(1L)) {
                    throw new IOException("lake unavailable");
                }
                retrying.countDown();
                await(release);
            }
        });

        await(retrying);
        assertEquals(1, consumer.committedOffset(), "only the record before the failure is committed");
        assertEquals(List.of(0L, 1L, 1L), attempts, "nothing after the failed record was handled");
        release.countDown();
        Await.until("the rest is committed", () -> consumer.committedOffset() == 3);
        assertEquals(List.of(0L, 1L, 1L, 2L), attempts);
        assertEquals(1.0, count("retried"));
        assertTrue(producer.history().isEmpty(), "a transient failure is not dead-lettered");
    }

    @Test
    void anUnreachableDlqIsRetriedAndDoesNotStopTheLoop() {
        synchronized (producer) {
            producer.sendException = new TimeoutException("dlq unavailable");
        }
        consumer.append("x", "{\"symbol\":\"btc\"}");
        consumer.append("ETH", "{\"symbol\":\"ETH\"}");
        start(record -> JOBS.parse(record.value()));

        Await.until("the poison record is retried", () -> attempts.size() >= 3);
        assertTrue(thread.isAlive());
        assertEquals(0, consumer.committedOffset());
        assertTrue(attempts.stream().allMatch(offset -> offset == 0L), "nothing after it was handled");
        synchronized (producer) {
            producer.sendException = null;
        }
        Await.until("both records are committed", () -> consumer.committedOffset() == 2);
        assertEquals(1, producer.history().size());
    }

    @Test
    void closeStopsAnIdleLoopAndClosesTheConsumer() throws InterruptedException {
        consumer.append("BTC", "{\"symbol\":\"BTC\"}");
        start(record -> JOBS.parse(record.value()));
        Await.until("the record is committed", () -> consumer.committedOffset() == 1);

        loop.close();
        thread.join(TimeUnit.SECONDS.toMillis(15));
        assertFalse(thread.isAlive());
        assertTrue(consumer.closed());
    }

    @Test
    void closeLetsTheRecordInHandFinishAndCommitsIt() throws InterruptedException {
        consumer.append("BTC", "{\"symbol\":\"BTC\"}");
        consumer.append("ETH", "{\"symbol\":\"ETH\"}");
        CountDownLatch inHand = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(record -> {
            inHand.countDown();
            await(release);
        });
        await(inHand);

        Thread closer = new Thread(loop::close, "closer");
        closer.start();
        Await.until("close() has woken the consumer", consumer::wakeupPending);
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(15));
        thread.join(TimeUnit.SECONDS.toMillis(15));

        assertFalse(closer.isAlive(), "close() returned");
        assertFalse(thread.isAlive());
        assertEquals(List.of(0L), attempts, "no record was started after close()");
        assertEquals(1, consumer.committedOffset(), "the finished record was committed");
        assertTrue(consumer.closed());
    }

    @Test
    void aCommitFailedOnATimeoutOrARebalanceRedoesTheBatchAndTheLoopGoesOn() {
        consumer.failCommits(new TimeoutException("Timeout of 60000ms expired before successfully committing offsets"),
                new CommitFailedException("the group has already rebalanced"));
        consumer.append("BTC", "{\"symbol\":\"BTC\"}");
        start(record -> JOBS.parse(record.value()));

        Await.until("the record is committed after two failed commits", () -> consumer.committedOffset() == 1);
        assertEquals(List.of(0L, 0L, 0L), attempts, "the batch is redone after each failed commit");
        consumer.append("ETH", "{\"symbol\":\"ETH\"}");
        Await.until("the next record is committed", () -> consumer.committedOffset() == 2);
        assertTrue(thread.isAlive());
        assertEquals(List.of(), LoopHealth.downLoops(metrics));
        assertEquals(1.0, metrics.get(LoopHealth.METER).tag("loop", "jobs-test").gauge().value());
    }

    @Test
    void aFatalErrorStopsTheLoopForGoodAndItsHealthGoesDown() throws InterruptedException {
        consumer.append("BTC", "{\"symbol\":\"BTC\"}");
        start(record -> {
            throw new NoClassDefFoundError("org/example/Missing");
        });

        thread.join(TimeUnit.SECONDS.toMillis(15));
        assertFalse(thread.isAlive());
        assertEquals(List.of("jobs-test"), LoopHealth.downLoops(metrics));
        assertEquals(0.0, metrics.get(LoopHealth.METER).tag("loop", "jobs-test").gauge().value());
        assertTrue(consumer.closed());
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElseThrow();
    }

    /** A handler that records the batches {@code prepare} saw, by offset, and optionally fails there. */
    private static final class PreparingHandler implements RecordHandler {
        final List<List<Long>> prepared = new CopyOnWriteArrayList<>();
        final List<Long> handled = new CopyOnWriteArrayList<>();
        private final boolean failPrepare;

        PreparingHandler(boolean failPrepare) {
            this.failPrepare = failPrepare;
        }

        @Override
        public void prepare(List<ConsumerRecord<String, byte[]>> batch) {
            prepared.add(batch.stream().map(ConsumerRecord::offset).toList());
            if (failPrepare) {
                throw new IllegalStateException("prepare failed");
            }
        }

        @Override
        public void handle(ConsumerRecord<String, byte[]> record) {
            handled.add(record.offset());
        }
    }

    @Test
    void gatheringWaitsForMoreRecordsSoPrepareSeesThemTogether() {
        PreparingHandler handler = new PreparingHandler(false);
        loop = new CommitAfterWorkLoop("jobs-test", consumer, List.of(LogConsumer.TOPIC), handler,
                new DeadLetterRouter(producer), metrics).gathering(3, Duration.ofSeconds(30));
        thread = loop.start();

        consumer.append("BTC", "{}");
        Await.until("the loop has the first record in hand", () -> consumer.handedOut() == 1);
        consumer.append("ETH", "{}");
        consumer.append("SOL", "{}");

        Await.until("all three records are committed", () -> consumer.committedOffset() == 3);
        assertEquals(List.of(List.of(0L, 1L, 2L)), handler.prepared);
        assertEquals(List.of(0L, 1L, 2L), handler.handled);
    }

    @Test
    void gatheringGivesUpAfterItsWaitAndAFailedPrepareLosesNothing() {
        PreparingHandler handler = new PreparingHandler(true);
        consumer.append("BTC", "{}");
        loop = new CommitAfterWorkLoop("jobs-test", consumer, List.of(LogConsumer.TOPIC), handler,
                new DeadLetterRouter(producer), metrics).gathering(8, Duration.ofMillis(100));
        thread = loop.start();

        Await.until("the record is committed", () -> consumer.committedOffset() == 1);
        assertEquals(List.of(List.of(0L)), handler.prepared);
        assertEquals(List.of(0L), handler.handled);
    }
}
