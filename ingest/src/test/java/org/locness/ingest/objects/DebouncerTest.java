package org.locness.ingest.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.locness.events.id.Symbol;

class DebouncerTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("lake.object-events", 0);
    private static final TopicPartition P1 = new TopicPartition("lake.object-events", 1);
    private static final Symbol BTC = Symbol.of("BTC");
    private static final Symbol ETH = Symbol.of("ETH");

    @Test
    void aBurstIsDueOnceAfterItsLastEventHasBeenQuietLongEnough() {
        Debouncer d = new Debouncer(Duration.ofSeconds(5));
        d.add(BTC, P0, 10, T0);
        d.add(BTC, P1, 3, T0.plusSeconds(2));
        d.add(BTC, P0, 11, T0.plusSeconds(4));

        assertEquals(List.of(), d.takeDue(T0.plusSeconds(5)), "4 s + 5 s quiet: not before 9 s");
        assertEquals(List.of(), d.takeDue(T0.plusMillis(8999)));
        assertEquals(List.of(BTC), d.takeDue(T0.plusSeconds(9)));
        assertEquals(List.of(), d.takeDue(T0.plusSeconds(60)), "taken once");
    }

    @Test
    void symbolsAreIndependentAndComeOutInFirstSeenOrder() {
        Debouncer d = new Debouncer(Duration.ofSeconds(1));
        d.add(ETH, P0, 1, T0);
        d.add(BTC, P0, 2, T0);
        d.add(ETH, P0, 3, T0.plusSeconds(5));
        assertEquals(List.of(BTC), d.takeDue(T0.plusSeconds(2)));
        assertEquals(List.of(ETH), d.takeDue(T0.plusSeconds(6)));
    }

    @Test
    void holdsEachPartitionAtThePendingSymbolsOldestOffset() {
        Debouncer d = new Debouncer(Duration.ofSeconds(1));
        d.add(BTC, P0, 10, T0);
        d.add(ETH, P0, 7, T0.plusSeconds(3));
        d.add(BTC, P0, 12, T0);
        d.add(BTC, P1, 4, T0);

        assertEquals(OptionalLong.of(7), d.heldFrom(P0));
        assertEquals(OptionalLong.of(4), d.heldFrom(P1));
        d.takeDue(T0.plusSeconds(1));
        assertEquals(OptionalLong.of(7), d.heldFrom(P0), "ETH is still pending");
        assertEquals(OptionalLong.empty(), d.heldFrom(P1));
        d.clear();
        assertEquals(OptionalLong.empty(), d.heldFrom(P0));
    }

    @Test
    void zeroDebounceIsDueAtOnce() {
        Debouncer d = new Debouncer(Duration.ZERO);
        d.add(BTC, P0, 1, T0);
        assertEquals(List.of(BTC), d.takeDue(T0));
    }
}
