package org.locness.cli.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.DoubleFunction;
import org.locness.events.id.TradingDate;
import org.locness.events.scores.CalibrationBin;
import org.locness.events.scores.ModelScore;
import org.locness.events.weights.EnsembleWeights;

/**
 * Draws a backtest's picture with plain Java2D on an in-memory image: a reliability diagram (each
 * forecaster's final calibration bins against the diagonal), the cumulative Brier score of each
 * forecaster day by day, and one panel per weights group with each model's share per version.
 * Rendering only; writing the PNG is the caller's. Needs no display ({@code java.awt.headless}).
 */
public final class BacktestChart {
    static final int PANEL_WIDTH = 700;
    static final int PANEL_HEIGHT = 440;
    static final int LEGEND_HEIGHT = 70;
    private static final int COLUMNS = 2;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2),
        new Color(0x17becf), new Color(0xbcbd22), new Color(0xff7f0e), new Color(0x7f7f7f), new Color(0xaec7e8)};
    private static final Color STATIC = Color.BLACK;
    private static final Color ADAPTIVE = new Color(0xd62728);
    private static final Color GRID = new Color(0xdddddd);
    private static final int MARGIN_LEFT = 64;
    private static final int MARGIN_RIGHT = 20;
    private static final int MARGIN_TOP = 36;
    private static final int MARGIN_BOTTOM = 46;

    private BacktestChart() {
    }

    /** The image's size for a backtest with {@code weightGroups} weights groups. */
    static int height(int weightGroups) {
        int panels = 2 + weightGroups;
        return LEGEND_HEIGHT + (panels + COLUMNS - 1) / COLUMNS * PANEL_HEIGHT;
    }

    public static BufferedImage render(BacktestResults results, String title) {
        Map<String, List<EnsembleWeights>> groups = results.weights();
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_WIDTH, height(groups.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            List<String> names = names(results);
            legend(g, title, names, image.getWidth());
            int panel = 0;
            reliability(g, frame(panel++), results.calibration(), names);
            cumulativeBrier(g, frame(panel++), results.cumulativeBrier(), names);
            for (Map.Entry<String, List<EnsembleWeights>> group : groups.entrySet()) {
                weights(g, frame(panel++), group.getKey(), group.getValue(), names);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Every name drawn anywhere, in table order, so a forecaster keeps its colour across panels. */
    private static List<String> names(BacktestResults results) {
        Set<String> names = new LinkedHashSet<>(results.calibration().keySet());
        names.addAll(results.cumulativeBrier().keySet());
        results.weights().values().forEach(versions -> versions.forEach(w -> names.addAll(w.weights().keySet())));
        List<String> ordered = new ArrayList<>(names);
        ordered.sort(BacktestResults::tableOrder);
        return ordered;
    }

    private static Color color(String name, List<String> names) {
        return switch (name) {
            case ModelScore.CONSENSUS_STATIC -> STATIC;
            case ModelScore.CONSENSUS_ADAPTIVE -> ADAPTIVE;
            default -> PALETTE[Math.max(0, names.indexOf(name)) % PALETTE.length];
        };
    }

    private static Stroke stroke(String name) {
        return switch (name) {
            case ModelScore.CONSENSUS_STATIC -> new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {8f, 5f}, 0f);
            case ModelScore.CONSENSUS_ADAPTIVE -> new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            default -> new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        };
    }

    private static void legend(Graphics2D g, String title, List<String> names, int width) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 16, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = 16;
        int y = 52;
        for (String name : names) {
            int entry = 34 + g.getFontMetrics().stringWidth(name) + 18;
            if (x + entry > width - 16) {
                x = 16;
                y += 16;
            }
            g.setColor(color(name, names));
            g.setStroke(stroke(name));
            g.drawLine(x, y - 4, x + 26, y - 4);
            g.setColor(Color.BLACK);
            g.drawString(name, x + 32, y);
            x += entry;
        }
    }

    private static Frame frame(int panel) {
        int left = panel % COLUMNS * PANEL_WIDTH;
        int top = LEGEND_HEIGHT + panel / COLUMNS * PANEL_HEIGHT;
        return new Frame(left + MARGIN_LEFT, top + MARGIN_TOP, PANEL_WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
                PANEL_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM);
    }

    private static void reliability(Graphics2D g, Frame f, Map<String, List<CalibrationBin>> calibration,
            List<String> names) {
        Axes axes = new Axes(f, 0, 1, 0, 1);
        axes.draw(g, "Reliability (final): accuracy of the top label by its probability",
                "mean top-label probability", "accuracy", Axes.decimals(2));
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {3f, 3f}, 0f));
        g.drawLine(axes.x(0), axes.y(0), axes.x(1), axes.y(1));
        axes.xTicks(g, 0, 1, 0.1, v -> String.format(Locale.ROOT, "%.1f", v));
        calibration.forEach((name, bins) -> {
            List<double[]> points = bins.stream().filter(b -> b.count() > 0)
                    .map(b -> new double[] {b.meanConfidence(), b.accuracy()}).toList();
            axes.line(g, points, color(name, names), stroke(name), true);
        });
    }

    private static void cumulativeBrier(Graphics2D g, Frame f, Map<String, SortedMap<TradingDate, Double>> series,
            List<String> names) {
        List<TradingDate> days = series.values().stream().flatMap(s -> s.keySet().stream()).distinct().sorted().toList();
        double low = series.values().stream().flatMap(s -> s.values().stream()).mapToDouble(Double::doubleValue)
                .min().orElse(0);
        double high = series.values().stream().flatMap(s -> s.values().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        double pad = Math.max(0.02, (high - low) * 0.08);
        Axes axes = new Axes(f, 0, Math.max(1, days.size() - 1), Math.max(0, low - pad), high + pad);
        String span = days.isEmpty() ? "" : days.get(0) + " .. " + days.get(days.size() - 1);
        axes.draw(g, "Cumulative Brier score (lower is better)", "day " + span, "Brier", Axes.decimals(2));
        axes.xTicks(g, 0, days.size() - 1, Axes.wholeStep(0, days.size() - 1),
                i -> String.valueOf(Math.round(i) + 1));
        series.forEach((name, byDay) -> {
            List<double[]> points = new ArrayList<>();
            byDay.forEach((day, brier) -> points.add(new double[] {days.indexOf(day), brier}));
            axes.line(g, points, color(name, names), stroke(name), days.size() == 1);
        });
    }

    private static void weights(Graphics2D g, Frame f, String group, List<EnsembleWeights> versions,
            List<String> names) {
        double high = versions.stream().flatMap(w -> w.weights().values().stream()).mapToDouble(Double::doubleValue)
                .max().orElse(1);
        long first = versions.isEmpty() ? 1 : versions.get(0).version();
        long last = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version();
        Axes axes = new Axes(f, first, Math.max(first + 1, last), 0, Math.min(1, high * 1.15));
        String warmFrom = versions.stream().filter(EnsembleWeights::warm).findFirst()
                .map(w -> ", warm from v" + w.version()).orElse(", not warm yet");
        axes.draw(g, "Weights, group " + group + " (v" + first + "..v" + last + warmFrom + ")", "version",
                "share", Axes.decimals(2));
        axes.xTicks(g, first, last, Axes.wholeStep(first, last), v -> "v" + Math.round(v));
        Set<String> models = new LinkedHashSet<>();
        versions.forEach(w -> models.addAll(w.weights().keySet()));
        for (String model : models) {
            List<double[]> points = new ArrayList<>();
            versions.forEach(w -> points.add(new double[] {w.version(), w.weights().getOrDefault(model, 0.0)}));
            axes.line(g, points, color(model, names), stroke(model), versions.size() == 1);
        }
    }

    /** A plot area in image pixels. */
    private record Frame(int left, int top, int width, int height) {
    }

    /** Maps data coordinates into a frame and draws its grid, labels and lines. */
    private record Axes(Frame f, double xMin, double xMax, double yMin, double yMax) {
        static DoubleFunction<String> decimals(int digits) {
            return v -> String.format(Locale.ROOT, "%." + digits + "f", v);
        }

        int x(double value) {
            return f.left() + (int) Math.round((value - xMin) / (xMax - xMin) * f.width());
        }

        int y(double value) {
            return f.top() + f.height() - (int) Math.round((value - yMin) / (yMax - yMin) * f.height());
        }

        void draw(Graphics2D g, String title, String xLabel, String yLabel,
                DoubleFunction<String> yFormat) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setStroke(new BasicStroke(1f));
            for (int i = 0; i <= 4; i++) {
                double value = yMin + (yMax - yMin) * i / 4;
                g.setColor(GRID);
                g.drawLine(f.left(), y(value), f.left() + f.width(), y(value));
                g.setColor(Color.DARK_GRAY);
                String label = yFormat.apply(value);
                g.drawString(label, f.left() - 6 - g.getFontMetrics().stringWidth(label), y(value) + 4);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(f.left(), f.top(), f.width(), f.height());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(title, f.left(), f.top() - 12);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(xLabel, f.left() + (f.width() - g.getFontMetrics().stringWidth(xLabel)) / 2,
                    f.top() + f.height() + 36);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(yLabel, -(f.top() + f.height() / 2 + g.getFontMetrics().stringWidth(yLabel) / 2),
                    f.left() - 48);
            rotated.dispose();
        }

        /** Ticks from {@code from} to {@code to} every {@code step}, labelled by {@code label}. */
        void xTicks(Graphics2D g, double from, double to, double step, DoubleFunction<String> label) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; from + i * step <= to + 1e-9; i++) {
                tick(g, x(from + i * step), label.apply(from + i * step));
            }
        }

        /** About ten ticks on whole numbers from {@code from} to {@code to}. */
        static double wholeStep(double from, double to) {
            return Math.max(1, Math.ceil((to - from) / 10));
        }

        private void tick(Graphics2D g, int px, String label) {
            g.setColor(Color.DARK_GRAY);
            g.drawLine(px, f.top() + f.height(), px, f.top() + f.height() + 4);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, f.top() + f.height() + 17);
        }

        void line(Graphics2D g, List<double[]> points, Color color, Stroke stroke, boolean markers) {
            if (points.isEmpty()) {
                return;
            }
            g.setColor(color);
            g.setStroke(stroke);
            Path2D path = new Path2D.Double();
            path.moveTo(x(points.get(0)[0]), y(points.get(0)[1]));
            points.subList(1, points.size()).forEach(p -> path.lineTo(x(p[0]), y(p[1])));
            g.draw(path);
            if (markers) {
                points.forEach(p -> g.fillOval(x(p[0]) - 3, y(p[1]) - 3, 7, 7));
            }
        }
    }
}
