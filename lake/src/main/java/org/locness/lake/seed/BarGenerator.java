package org.locness.lake.seed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * Synthetic one-minute bars: a geometric random walk whose volatility switches between three
 * regimes, a small drift that changes each day, occasional gaps at the open, a U-shaped intraday
 * volume profile and rare volume spikes. Pure: values in, values out; the random stream of each
 * symbol depends only on the plan's seed and the symbol, so adding symbols changes no one else's bars.
 */
public final class BarGenerator {
    /** Per-minute volatility of the calm, normal and stressed regimes (about 1.5 %, 3 %, 7 % a day). */
    private static final double[] REGIME_SIGMA = {0.0004, 0.0008, 0.0018};
    /** Stressed markets trade more. */
    private static final double[] REGIME_VOLUME = {0.8, 1.0, 1.6};
    /** About four regime changes a day. */
    private static final double REGIME_SWITCH = 1.0 / 360;
    private static final double GAP_PROBABILITY = 0.2;
    private static final double GAP_SIGMA = 0.015;
    private static final double SPIKE_PROBABILITY = 0.004;
    private static final double DAILY_DRIFT_SIGMA = 0.01;
    private static final double PRICE_TICK = 1e-4;

    private BarGenerator() {
    }

    /** Every day of the plan for one symbol, oldest first; each day opens where the previous closed (plus its gap). */
    public static List<SymbolDay> generate(Symbol symbol, SeedPlan plan) {
        SplittableRandom random = new SplittableRandom(mix(plan.seed(), symbol.value()));
        double price = roundPrice(Math.exp(uniform(random, Math.log(5), Math.log(2000))));
        double baseVolume = Math.exp(uniform(random, Math.log(200), Math.log(20_000)));
        double sigmaScale = uniform(random, 0.6, 1.6);
        int regime = 1;
        List<SymbolDay> days = new ArrayList<>(plan.days());
        boolean first = true;
        for (TradingDate date : plan.dates()) {
            Walk walk = new Walk(symbol, date, plan.barsPerDay(), price, baseVolume, sigmaScale, regime);
            SymbolDay day = walk.run(random, first);
            days.add(day);
            price = day.bars().get(day.bars().size() - 1).close();
            regime = walk.regime;
            first = false;
        }
        return days;
    }

    /** One day of the walk; it carries the regime over to the next day. */
    private static final class Walk {
        private final Symbol symbol;
        private final TradingDate date;
        private final int bars;
        private final double startPrice;
        private final double baseVolume;
        private final double sigmaScale;
        private int regime;

        Walk(Symbol symbol, TradingDate date, int bars, double startPrice, double baseVolume, double sigmaScale, int regime) {
            this.symbol = symbol;
            this.date = date;
            this.bars = bars;
            this.startPrice = startPrice;
            this.baseVolume = baseVolume;
            this.sigmaScale = sigmaScale;
            this.regime = regime;
        }

        SymbolDay run(SplittableRandom random, boolean firstDay) {
            double drift = random.nextGaussian() * DAILY_DRIFT_SIGMA / bars;
            double dayVolume = baseVolume * Math.exp(random.nextGaussian() * 0.25);
            double gap = !firstDay && random.nextDouble() < GAP_PROBABILITY ? random.nextGaussian() * GAP_SIGMA : 0.0;
            long start = date.date().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            List<Bar> out = new ArrayList<>(bars);
            int spikes = 0;
            double previousClose = startPrice;
            for (int i = 0; i < bars; i++) {
                if (random.nextDouble() < REGIME_SWITCH) {
                    regime = (regime + 1 + random.nextInt(2)) % REGIME_SIGMA.length;
                }
                boolean spike = random.nextDouble() < SPIKE_PROBABILITY;
                double sigma = REGIME_SIGMA[regime] * sigmaScale * (spike ? 3 : 1);
                double open = i == 0 ? roundPrice(previousClose * Math.exp(gap)) : previousClose;
                double close = roundPrice(open * Math.exp(drift + sigma * random.nextGaussian()));
                double high = roundPrice(Math.max(open, close) * Math.exp(Math.abs(random.nextGaussian()) * sigma / 2));
                double low = roundPrice(Math.min(open, close) * Math.exp(-Math.abs(random.nextGaussian()) * sigma / 2));
                double volume = dayVolume * intradayProfile(i, bars) * REGIME_VOLUME[regime]
                        * Math.exp(random.nextGaussian() * 0.35);
                if (spike) {
                    volume *= uniform(random, 5, 15);
                    spikes++;
                } else if (i == 0 && gap != 0.0) {
                    volume *= 3;
                }
                out.add(new Bar(Instant.ofEpochSecond(start + 60L * i), symbol, open,
                        Math.max(high, Math.max(open, close)), Math.min(low, Math.min(open, close)), close,
                        Math.round(volume)));
                previousClose = close;
            }
            return new SymbolDay(symbol, date, out, gap, spikes);
        }
    }

    /** Busier at the open and the close than at midday, as trading days are. */
    private static double intradayProfile(int i, int bars) {
        double x = bars == 1 ? 0 : 2.0 * i / (bars - 1) - 1;
        return 0.6 + 0.8 * x * x;
    }

    private static double roundPrice(double price) {
        return Math.max(PRICE_TICK, Math.round(price / PRICE_TICK) * PRICE_TICK);
    }

    private static double uniform(SplittableRandom random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** A 64-bit seed per (plan seed, symbol); String.hashCode is specified, so this is stable across JVMs. */
    static long mix(long seed, String symbol) {
        long z = seed * 0x9E3779B97F4A7C15L + symbol.hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
