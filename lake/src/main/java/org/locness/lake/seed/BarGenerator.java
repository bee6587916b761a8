package org.locness.lake.seed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;

/**
 * Synthetic one-minute bars: a geometric random walk whose volatility regime (calm, normal,
 * stressed) is drawn each day (it stays with probability one half), occasional gaps at the open, a
 * U-shaped intraday volume profile, rare one-minute volume spikes and, on some days, a volume surge
 * in the last hour. Each day's drift is set by {@link NextDayRule} from the previous day's observable
 * end state, plus noise, so the next day's direction is partly predictable from what the prompt
 * shows. Pure: values in, values out; the random stream of each symbol depends only on the plan's
 * seed and the symbol, so adding symbols changes no one else's bars.
 */
public final class BarGenerator {
    private static final VolatilityRegime[] REGIMES = VolatilityRegime.values();
    private static final double REGIME_STAYS = 0.5;
    private static final double GAP_PROBABILITY = 0.2;
    private static final double GAP_SIGMA = 0.015;
    private static final double SPIKE_PROBABILITY = 0.004;
    /** Days whose last hour trades 2.5 times its usual volume: the signature's {@code volume=spike}. */
    private static final double SURGE_PROBABILITY = 0.2;
    private static final double SURGE_FACTOR = 2.5;
    private static final int LAST_HOUR = 60;
    /** The unpredictable part of a day's drift (log return over the whole day). */
    private static final double DAILY_DRIFT_SIGMA = 0.01;
    private static final double PRICE_TICK = 1e-4;

    private BarGenerator() {
    }

    /** Every day of the plan for one symbol, oldest first; each day opens where the previous closed (plus its gap). */
    public static List<SymbolDay> generate(Symbol symbol, SeedPlan plan) {
        SplittableRandom random = new SplittableRandom(mix(plan.seed(), symbol.value()));
        double price = roundPrice(Math.exp(uniform(random, Math.log(5), Math.log(2000))));
        double baseVolume = Math.exp(uniform(random, Math.log(200), Math.log(20_000)));
        double sigmaScale = uniform(random, 0.85, 1.15);
        double typicalDailySigma = sigmaScale * meanMinuteSigma() * Math.sqrt(plan.barsPerDay());
        VolatilityRegime regime = REGIMES[random.nextInt(REGIMES.length)];
        double signal = 0.0;
        List<SymbolDay> days = new ArrayList<>(plan.days());
        boolean first = true;
        for (TradingDate date : plan.dates()) {
            if (!first && random.nextDouble() >= REGIME_STAYS) {
                regime = REGIMES[(regime.ordinal() + 1 + random.nextInt(2)) % REGIMES.length];
            }
            double ruleDrift = NextDayRule.EFFECT * signal * typicalDailySigma;
            Walk walk = new Walk(symbol, date, plan.barsPerDay(), price, baseVolume, sigmaScale, regime);
            SymbolDay day = walk.run(random, first, ruleDrift);
            days.add(day);
            price = day.bars().get(day.bars().size() - 1).close();
            signal = day.nextDaySignal();
            first = false;
        }
        return days;
    }

    private static double meanMinuteSigma() {
        double sum = 0;
        for (VolatilityRegime regime : REGIMES) {
            sum += regime.minuteSigma();
        }
        return sum / REGIMES.length;
    }

    /** One day of the walk, in one regime. */
    private record Walk(Symbol symbol, TradingDate date, int bars, double startPrice, double baseVolume,
            double sigmaScale, VolatilityRegime regime) {

        SymbolDay run(SplittableRandom random, boolean firstDay, double ruleDrift) {
            double drift = (random.nextGaussian() * DAILY_DRIFT_SIGMA + ruleDrift) / bars;
            double dayVolume = baseVolume * regime.volumeFactor() * Math.exp(random.nextGaussian() * 0.25);
            double gap = !firstDay && random.nextDouble() < GAP_PROBABILITY ? random.nextGaussian() * GAP_SIGMA : 0.0;
            boolean surge = random.nextDouble() < SURGE_PROBABILITY && bars > LAST_HOUR;
            long start = date.date().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            List<Bar> out = new ArrayList<>(bars);
            int spikes = 0;
            double previousClose = startPrice;
            for (int i = 0; i < bars; i++) {
                boolean spike = random.nextDouble() < SPIKE_PROBABILITY;
                double sigma = regime.minuteSigma() * sigmaScale * (spike ? 3 : 1);
                double open = i == 0 ? roundPrice(previousClose * Math.exp(gap)) : previousClose;
                double close = roundPrice(open * Math.exp(drift + sigma * random.nextGaussian()));
                double high = roundPrice(Math.max(open, close) * Math.exp(Math.abs(random.nextGaussian()) * sigma / 2));
                double low = roundPrice(Math.min(open, close) * Math.exp(-Math.abs(random.nextGaussian()) * sigma / 2));
                double volume = dayVolume * intradayProfile(i, bars) * Math.exp(random.nextGaussian() * 0.35);
                if (spike) {
                    volume *= uniform(random, 5, 15);
                    spikes++;
                } else if (i == 0 && gap != 0.0) {
                    volume *= 3;
                }
                if (surge && i >= bars - LAST_HOUR) {
                    volume *= SURGE_FACTOR;
                }
                out.add(new Bar(Instant.ofEpochSecond(start + 60L * i), symbol, open,
                        Math.max(high, Math.max(open, close)), Math.min(low, Math.min(open, close)), close,
                        Math.round(volume)));
                previousClose = close;
            }
            double dayReturn = out.get(bars - 1).close() / out.get(0).open() - 1;
            double signal = NextDayRule.signal(dayReturn, regime, surge, Math.expm1(gap));
            return new SymbolDay(symbol, date, out, gap, spikes, regime, surge, signal);
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
