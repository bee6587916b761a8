package org.locness.inference.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BarSeriesTest {
    private static final double T0 = 1_800_000_000;

    @Test
    void twoHoursOfBarsHaveALastHourAndAnHourlyMean() {
        BarSeries series = new BarSeries();
        // 120 one-minute bars; the close climbs 0.1 a bar; volume 1 a bar in the first hour, 3 in the second.
        for (int i = 0; i < 120; i++) {
            double open = 100 + 0.1 * i;
            series.add(T0 + 60 * i, open, open + 0.5, open - 0.5, open + 0.1, i < 60 ? 1 : 3);
        }

        BarStatistics s = series.statistics();

        assertEquals(120, s.bars());
        assertEquals(100.0, s.firstOpen());
        assertEquals(112.0, s.lastClose(), 1e-9);
        assertEquals(0.12, s.dayReturn(), 1e-9);
        // The last hour: bars after the last bar's time minus 60 minutes, i.e. bars 60..119 (open 106).
        assertEquals(112.0 / 106.0 - 1, s.lastHourReturn(), 1e-9);
        // 240 volume over 120 minutes = 120 an hour; the last hour had 180.
        assertEquals(1.5, s.lastHourVolumeRatio(), 1e-12);
        assertEquals(100 + 0.1 * 119 + 0.5, s.high(), 1e-9);
        assertEquals(99.5, s.low(), 1e-12);
    }

    @Test
    void volatilityIsTheSampleDeviationOfOneBarLogReturns() {
        BarSeries series = new BarSeries();
        double[] closes = {100, 101, 99, 102};
        for (int i = 0; i < closes.length; i++) {
            series.add(T0 + 60 * i, closes[i], closes[i], closes[i], closes[i], 1);
        }
        double[] lr = {Math.log(101 / 100.0), Math.log(99 / 101.0), Math.log(102 / 99.0)};
        double mean = (lr[0] + lr[1] + lr[2]) / 3;
        double variance = (Math.pow(lr[0] - mean, 2) + Math.pow(lr[1] - mean, 2) + Math.pow(lr[2] - mean, 2)) / 2;

        assertEquals(Math.sqrt(variance), series.statistics().volatility(), 1e-15);
    }

    @Test
    void aDayWithoutVolumeOrReturnsHasNeutralFigures() {
        BarSeries series = new BarSeries();
        series.add(T0, 10, 11, 9, 10.5, 0);
        series.add(T0 + 60, 10.5, 11, 10, 10.8, 0);

        BarStatistics s = series.statistics();

        assertEquals(10.8, s.vwap(), 0, "no volume: the last close");
        assertEquals(1.0, s.lastHourVolumeRatio(), 0);
        assertEquals(0.0, s.volatility(), 0, "one return has no sample deviation");
    }

    @Test
    void manyBarsGrowTheSeries() {
        BarSeries series = new BarSeries();
        for (int i = 0; i < 3000; i++) {
            series.add(T0 + 60 * i, 1, 1, 1, 1, 1);
        }
        assertEquals(3000, series.statistics().bars());
        assertThrows(IllegalStateException.class, () -> new BarSeries().statistics());
    }

    @Test
    void barsOutOfOrderGiveTheStatisticsOfTheBarsInTimeOrder() {
        BarSeries inOrder = new BarSeries();
        BarSeries shuffled = new BarSeries();
        int[] arrival = new int[120];
        for (int i = 0; i < 120; i++) {
            arrival[i] = (i * 37) % 120;
        }
        for (int i = 0; i < 120; i++) {
            add(inOrder, i);
            add(shuffled, arrival[i]);
        }

        assertEquals(inOrder.statistics(), shuffled.statistics());
        assertEquals(inOrder.statistics(), shuffled.statistics(), "asked again: the same");
    }

    @Test
    void barsOfTheSameTimeKeepTheirOrderOfArrival() {
        BarSeries series = new BarSeries();
        series.add(T0 + 60, 2, 2, 2, 2, 1);
        series.add(T0, 1, 1, 1, 1, 1);
        series.add(T0 + 60, 3, 3, 3, 3, 1);

        BarStatistics s = series.statistics();

        assertEquals(1.0, s.firstOpen());
        assertEquals(3.0, s.lastClose(), "the later of the two bars at T0 + 60 arrived last");
    }

    /** Bar {@code i} of a rising two hours: the close climbs 0.1 a bar, the volume varies. */
    private static void add(BarSeries series, int i) {
        double open = 100 + 0.1 * i;
        series.add(T0 + 60 * i, open, open + 0.5, open - 0.5, open + 0.1, 1 + i % 5);
    }
}
