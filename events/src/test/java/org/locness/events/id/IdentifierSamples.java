package org.locness.events.id;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Values each identifier type must accept and reject, as (field, value) pairs; the identifier tests
 * and the schema test both run them, so Java and the shipped schemas are held to the same list.
 */
public final class IdentifierSamples {
    private IdentifierSamples() {
    }

    public static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("symbol", "BTC"), Arguments.of("symbol", "BRK.B"), Arguments.of("symbol", "ES_F-2026"),
                Arguments.of("symbol", "A".repeat(32)), Arguments.of("symbol", "0X"),
                Arguments.of("jobId", "BTC-2026-11-27-001"), Arguments.of("jobId", "manual.Run_7"),
                Arguments.of("jobId", "J".repeat(64)),
                Arguments.of("model", "gemma-7b"), Arguments.of("model", "phi-3-mini-tiny"), Arguments.of("model", "qwen2.5"),
                Arguments.of("node", "vm1"), Arguments.of("node", "numa-node-0"),
                Arguments.of("key", "market-data/BTC/2026-11-27.parquet"),
                Arguments.of("key", "gold/predictions/date=2026-11-27/symbol=BTC/BTC-2026-11-27-001.parquet"),
                Arguments.of("key", "pre-swept/BTC/bars..v2.parquet"),
                Arguments.of("date", "2026-11-27"), Arguments.of("date", "2028-02-29"));
    }

    public static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("symbol", "../etc"), Arguments.of("symbol", "btc"), Arguments.of("symbol", ""),
                Arguments.of("symbol", ".BTC"), Arguments.of("symbol", "BTC..X"), Arguments.of("symbol", "BTC/USD"),
                Arguments.of("symbol", "BTC "), Arguments.of("symbol", "BTC\n"), Arguments.of("symbol", "A".repeat(33)),
                Arguments.of("symbol", "ÄPFEL"),
                Arguments.of("jobId", "J".repeat(200)), Arguments.of("jobId", "J".repeat(65)), Arguments.of("jobId", "-x"),
                Arguments.of("jobId", "a..b"), Arguments.of("jobId", "a/b"), Arguments.of("jobId", "a b"),
                Arguments.of("model", "Gemma-7b"), Arguments.of("model", "gemma_7b"), Arguments.of("model", "a..b"),
                Arguments.of("model", "-gemma"), Arguments.of("model", "m".repeat(49)),
                Arguments.of("node", "VM1"), Arguments.of("node", "1vm"), Arguments.of("node", "vm.1"),
                Arguments.of("node", "v".repeat(33)),
                Arguments.of("key", "/etc/passwd"), Arguments.of("key", "pre-swept/../etc"), Arguments.of("key", "a//b"),
                Arguments.of("key", "a/./b"), Arguments.of("key", "a/b/"), Arguments.of("key", "a/.."),
                Arguments.of("key", "a b.parquet"), Arguments.of("key", "a/b?c"), Arguments.of("key", "k".repeat(513)),
                Arguments.of("date", "2026-02-30"), Arguments.of("date", "2026-13-01"), Arguments.of("date", "2026-1-5"),
                Arguments.of("date", "27/11/2026"), Arguments.of("date", "2026-11-27T00:00:00Z"),
                Arguments.of("date", "+2026-11-27"), Arguments.of("date", "２０２６-11-27"));
    }

    /** Parses {@code value} as the identifier named by {@code field}. */
    public static Object parse(String field, String value) {
        Function<String, Object> factory = switch (field) {
            case "symbol" -> Symbol::of;
            case "jobId" -> JobId::of;
            case "model" -> ModelName::of;
            case "node" -> NodeName::of;
            case "key" -> ObjectKey::of;
            case "date" -> TradingDate::of;
            default -> throw new IllegalArgumentException(field);
        };
        return factory.apply(value);
    }
}
