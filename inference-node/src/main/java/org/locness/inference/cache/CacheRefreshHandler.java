package org.locness.inference.cache;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.locness.events.context.DailyContextReady;
import org.locness.events.id.TradingDate;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.RecordHandler;
import org.locness.events.pattern.PatternsUnified;
import org.locness.events.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's daily cache ahead of its jobs: each {@code context.daily-ready} and
 * {@code patterns.unified} announcement fetches the object again into the cache as a new version
 * that supersedes the older ones. A new day's context also clears caches more than {@link #CACHE_DAYS}
 * older than it.
 * Announcements older than that are skipped, so a new node replaying the topics from the start does
 * not download a month of files it would delete again.
 */
public final class CacheRefreshHandler implements RecordHandler {
    /** Days of daily caches kept: a job may be given a context or patterns a few days old. */
    static final int CACHE_DAYS = 7;
    private static final Logger LOG = LoggerFactory.getLogger(CacheRefreshHandler.class);
    private static final EventCodec<DailyContextReady> CONTEXT = EventCodec.of(DailyContextReady.class);
    private static final EventCodec<PatternsUnified> PATTERNS = EventCodec.of(PatternsUnified.class);

    private final DailyCache cache;
    private final Clock clock;

    public CacheRefreshHandler(DailyCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** The oldest day whose caches are kept, as of {@code clock}. */
    public static TradingDate keepFrom(Clock clock) {
        return TradingDate.of(LocalDate.now(clock)).minusDays(CACHE_DAYS);
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws IOException {
        if (Topic.CONTEXT_DAILY_READY.topicName().equals(record.topic())) {
            DailyContextReady ready = CONTEXT.parse(record.value());
            if (recent(ready.date(), record)) {
                cache.refreshContext(ready.date(), ready.key());
                cache.removeDaysBefore(ready.date().minusDays(CACHE_DAYS));
            }
        } else if (Topic.PATTERNS_UNIFIED.topicName().equals(record.topic())) {
            PatternsUnified unified = PATTERNS.parse(record.value());
            if (recent(unified.date(), record)) {
                cache.refreshPatterns(unified.date(), unified.key());
            }
        } else {
            throw new IllegalStateException("the cache refresh consumer is not subscribed to " + record.topic());
        }
    }

    private boolean recent(TradingDate date, ConsumerRecord<String, byte[]> record) {
        if (date.compareTo(keepFrom(clock)) >= 0) {
            return true;
        }
        LOG.debug("skipped {}-{}@{}: {} is older than the {} days the cache keeps", record.topic(), record.partition(),
                record.offset(), date, CACHE_DAYS);
        return false;
    }
}
