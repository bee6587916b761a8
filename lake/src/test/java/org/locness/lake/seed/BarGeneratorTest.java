package org.locness.lake.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

class BarGeneratorTest {
    private static final TradingDate END = TradingDate.of("2026-11-27");
    private static final SeedPlan PLAN = SeedPlan.numbered(20, 5, END, 42);

    @Test
    void samePlanGivesTheSameBars() {
        Symbol symbol = Symbol.of("SYM007");
        assertEquals(BarGenerator.generate(symbol, PLAN), BarGenerator.generate(symbol, PLAN));
    }

    @Test
    void anotherSeedGivesOtherBars() {
        Symbol symbol = Symbol.of("SYM007");
        SeedPlan other = new SeedPlan(PLAN.symbols(), PLAN.days(), END, 43, PLAN.barsPerDay());
        assertNotEquals(BarGenerator.generate(symbol, PLAN), BarGenerator.generate(symbol, other));
    }

    @Test
    void aSymbolsBarsDoNotDependOnTheOtherSymbolsInThePlan() {
        Symbol symbol = Symbol.of("SYM002");
        SeedPlan alone = new SeedPlan(List.of(symbol), 5, END, 42, SeedPlan.MINUTES_PER_DAY);
        assertEquals(BarGenerator.generate(symbol, PLAN), BarGenerator.generate(symbol, alone));
    }

    @Test
    void barsKeepTheOhlcInvariantsAndPositivePrices() {
        for (SymbolDay day : everyDay()) {
            for (Bar bar : day.bars()) {
                assertTrue(bar.low() > 0, bar::toString);
                assertTrue(bar.low() <= Math.min(bar.open(), bar.close()), bar::toString);
                assertTrue(bar.high() >= Math.max(bar.open(), bar.close()), bar::toString);
                assertTrue(bar.volume() >= 0, bar::toString);
            }
        }
    }

    @Test
    void eachDayHasOneBarPerMinuteFromMidnightUtc() {
        List<SymbolDay> days = BarGenerator.generate(Symbol.of("SYM001"), PLAN);
        assertEquals(PLAN.dates(), days.stream().map(SymbolDay::date).toList());
        for (SymbolDay day : days) {
            assertEquals(SeedPlan.MINUTES_PER_DAY, day.bars().size());
            Instant midnight = Instant.parse(day.date().value() + "T00:00:00Z");
            for (int i = 0; i < day.bars().size(); i++) {
                assertEquals(midnight.plus(Duration.ofMinutes(i)), day.bars().get(i).ts());
            }
        }
    }

    @Test
    void barsPerDayIsHonoured() {
        List<SymbolDay> days = BarGenerator.generate(Symbol.of("SYM001"), PLAN.withBarsPerDay(5));
        assertTrue(days.stream().allMatch(d -> d.bars().size() == 5));
    }

    @Test
    void theWalkIsContinuousExceptForOpeningGaps() {
        int gaps = 0;
        for (Symbol symbol : PLAN.symbols()) {
            List<SymbolDay> days = BarGenerator.generate(symbol, PLAN);
            for (int d = 0; d < days.size(); d++) {
                List<Bar> bars = days.get(d).bars();
                for (int i = 1; i < bars.size(); i++) {
                    assertEquals(bars.get(i - 1).close(), bars.get(i).open(), 0.0);
                }
                if (d > 0) {
                    double previousClose = last(days.get(d - 1)).close();
                    double open = bars.get(0).open();
                    if (days.get(d).hasOpeningGap()) {
                        gaps++;
                        assertEquals(previousClose * Math.exp(days.get(d).openingGap()), open, 1e-4);
                    } else {
                        assertEquals(previousClose, open, 0.0);
                    }
                }
            }
            assertEquals(0.0, days.get(0).openingGap());
        }
        // 20 symbols x 4 later days at a 20 % gap rate: about 16 expected.
        assertTrue(gaps >= 5, "only " + gaps + " opening gaps");
    }

    @Test
    void volumeSpikesStandOutOfTheirDay() {
        int spikes = 0;
        int flagged = 0;
        for (SymbolDay day : everyDay()) {
            long[] volumes = day.bars().stream().mapToLong(Bar::volume).sorted().toArray();
            long median = volumes[volumes.length / 2];
            spikes += (int) Arrays.stream(volumes).filter(v -> v > 4 * median).count();
            flagged += day.volumeSpikes();
        }
        assertTrue(flagged > 100, "generator flagged only " + flagged + " spikes");
        assertTrue(spikes >= flagged / 2, spikes + " bars above 4x the median for " + flagged + " flagged spikes");
    }

    @Test
    void volatilityChangesBetweenRegimes() {
        List<Double> hourly = new ArrayList<>();
        for (SymbolDay day : BarGenerator.generate(Symbol.of("SYM003"), SeedPlan.numbered(3, 10, END, 7))) {
            List<Bar> bars = day.bars();
            for (int h = 0; h < 24; h++) {
                double sum = 0;
                double sumSq = 0;
                int n = 0;
                for (int i = h * 60 + 1; i < (h + 1) * 60; i++) {
                    double r = Math.log(bars.get(i).close() / bars.get(i - 1).close());
                    sum += r;
                    sumSq += r * r;
                    n++;
                }
                hourly.add(Math.sqrt(sumSq / n - (sum / n) * (sum / n)));
            }
        }
        hourly.sort(Double::compare);
        double p10 = hourly.get(hourly.size() / 10);
        double p90 = hourly.get(hourly.size() * 9 / 10);
        assertTrue(p90 / p10 > 2, "hourly volatility p10 " + p10 + " p90 " + p90);
    }

    @Test
    void seedMixingIsStable() {
        assertEquals(BarGenerator.mix(42, "BTC"), BarGenerator.mix(42, "BTC"));
        assertNotEquals(BarGenerator.mix(42, "BTC"), BarGenerator.mix(42, "ETH"));
        assertNotEquals(BarGenerator.mix(42, "BTC"), BarGenerator.mix(43, "BTC"));
    }

    private static List<SymbolDay> everyDay() {
        return PLAN.symbols().stream().flatMap(s -> BarGenerator.generate(s, PLAN).stream()).toList();
    }

    private static Bar last(SymbolDay day) {
        return day.bars().get(day.bars().size() - 1);
    }
}
