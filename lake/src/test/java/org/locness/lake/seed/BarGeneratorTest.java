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
    /** Enough symbol-days (40 x 60) for the rule to stand out of the noise. */
    private static final SeedPlan RULE_PLAN = SeedPlan.numbered(40, 60, END, 11);
    /** The prompt's pattern signature thresholds (inference-node PatternSignature). */
    private static final double SIGNATURE_LOW_VOLATILITY = 0.0008;
    private static final double SIGNATURE_HIGH_VOLATILITY = 0.002;
    private static final double SIGNATURE_VOLUME_SPIKE = 2.0;

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
    void eachRegimeLandsInTheSignaturesVolatilityBand() {
        int days = 0;
        int inBand = 0;
        for (SymbolDay day : ruleDays()) {
            double volatility = minuteVolatility(day.bars());
            boolean matches = switch (day.regime()) {
                case CALM -> volatility < SIGNATURE_LOW_VOLATILITY;
                case NORMAL -> volatility >= SIGNATURE_LOW_VOLATILITY && volatility < SIGNATURE_HIGH_VOLATILITY;
                case STRESSED -> volatility >= SIGNATURE_HIGH_VOLATILITY;
            };
            days++;
            inBand += matches ? 1 : 0;
        }
        assertTrue(inBand >= 0.97 * days, inBand + " of " + days + " days in their regime's band");
    }

    @Test
    void aClosingSurgeShowsAsALastHourVolumeSpike() {
        int surges = 0;
        int shown = 0;
        int quietShownAsSpike = 0;
        int quiet = 0;
        for (SymbolDay day : ruleDays()) {
            boolean spike = lastHourVolumeRatio(day.bars()) > SIGNATURE_VOLUME_SPIKE;
            if (day.closingSurge()) {
                surges++;
                shown += spike ? 1 : 0;
            } else {
                quiet++;
                quietShownAsSpike += spike ? 1 : 0;
            }
        }
        assertTrue(surges > 0.1 * (surges + quiet), surges + " surges in " + (surges + quiet) + " days");
        assertTrue(shown >= 0.97 * surges, shown + " of " + surges + " surges show as a spike");
        assertTrue(quietShownAsSpike <= 0.1 * quiet, quietShownAsSpike + " of " + quiet + " quiet days look like a spike");
    }

    /**
     * The rule is really in the data: the next day's return follows the signal, calm days continue
     * and stressed days revert, and the normal regime carries much less.
     */
    @Test
    void theNextDayFollowsTheRule() {
        List<Double> signals = new ArrayList<>();
        List<Double> nextReturns = new ArrayList<>();
        double[] agreeing = new double[VolatilityRegime.values().length];
        double[] trending = new double[VolatilityRegime.values().length];
        for (Symbol symbol : RULE_PLAN.symbols()) {
            List<SymbolDay> days = BarGenerator.generate(symbol, RULE_PLAN);
            for (int d = 0; d + 1 < days.size(); d++) {
                SymbolDay day = days.get(d);
                double next = last(days.get(d + 1)).close() / last(day).close() - 1;
                signals.add(day.nextDaySignal());
                nextReturns.add(next);
                double dayReturn = last(day).close() / day.bars().get(0).open() - 1;
                if (Math.abs(dayReturn) > 0.002 && Math.abs(day.openingGap()) < 0.005) {
                    trending[day.regime().ordinal()]++;
                    agreeing[day.regime().ordinal()] += Math.signum(dayReturn) == Math.signum(next) ? 1 : 0;
                }
            }
        }
        double correlation = correlation(signals, nextReturns);
        assertTrue(correlation > 0.15 && correlation < 0.6, "signal/next-return correlation " + correlation);
        double calm = agreeing[VolatilityRegime.CALM.ordinal()] / trending[VolatilityRegime.CALM.ordinal()];
        double normal = agreeing[VolatilityRegime.NORMAL.ordinal()] / trending[VolatilityRegime.NORMAL.ordinal()];
        double stressed = agreeing[VolatilityRegime.STRESSED.ordinal()] / trending[VolatilityRegime.STRESSED.ordinal()];
        assertTrue(calm > 0.6 && calm < 0.85, "calm days continue: " + calm);
        assertTrue(stressed < 0.4 && stressed > 0.15, "stressed days revert: " + stressed);
        assertTrue(Math.abs(normal - 0.5) < 0.1, "normal days carry little: " + normal);
    }

    @Test
    void theSignalFollowsTheDocumentedRule() {
        assertEquals(1.0, NextDayRule.signal(0.01, VolatilityRegime.CALM, false, 0.0));
        assertEquals(-1.6, NextDayRule.signal(0.01, VolatilityRegime.STRESSED, true, 0.0), 1e-12);
        assertEquals(0.15 + 0.35, NextDayRule.signal(0.01, VolatilityRegime.NORMAL, false, 0.01), 1e-12);
        assertEquals(-0.35, NextDayRule.signal(0.001, VolatilityRegime.CALM, true, -0.02), 1e-12);
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

    private static List<SymbolDay> ruleDays() {
        return RULE_PLAN.symbols().stream().flatMap(s -> BarGenerator.generate(s, RULE_PLAN).stream()).toList();
    }

    private static double minuteVolatility(List<Bar> bars) {
        double sum = 0;
        double sumSq = 0;
        int n = bars.size() - 1;
        for (int i = 1; i < bars.size(); i++) {
            double r = Math.log(bars.get(i).close() / bars.get(i - 1).close());
            sum += r;
            sumSq += r * r;
        }
        return Math.sqrt((sumSq - sum * sum / n) / (n - 1));
    }

    /** The last hour's volume over the day's hourly mean, as the prompt's statistics compute it. */
    private static double lastHourVolumeRatio(List<Bar> bars) {
        long day = bars.stream().mapToLong(Bar::volume).sum();
        long hour = bars.subList(bars.size() - 60, bars.size()).stream().mapToLong(Bar::volume).sum();
        return hour / (day / (bars.size() / 60.0));
    }

    private static double correlation(List<Double> xs, List<Double> ys) {
        int n = xs.size();
        double mx = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double my = ys.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (xs.get(i) - mx) * (ys.get(i) - my);
            sxx += (xs.get(i) - mx) * (xs.get(i) - mx);
            syy += (ys.get(i) - my) * (ys.get(i) - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static Bar last(SymbolDay day) {
        return day.bars().get(day.bars().size() - 1);
    }
}
