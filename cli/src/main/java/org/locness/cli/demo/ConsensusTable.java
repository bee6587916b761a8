package org.locness.cli.demo;

import java.util.Locale;
import org.locness.events.consensus.ConsensusPrediction;

/** The demo's consensus table: one fixed-width row per job, as results arrive. Pure formatting. */
public final class ConsensusTable {
    private ConsensusTable() {
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-8s %-10s %-8s %-6s %-6s %-6s %-10s %-9s %-7s",
                "symbol", "prediction", "status", "up", "down", "flat", "confidence", "agreement", "partial");
    }

    public static String row(ConsensusPrediction c) {
        if (c.prediction() == null) {
            return String.format(Locale.ROOT, "%-8s %-10s %-8s %s", c.symbol(), "-", c.status(), c.reason());
        }
        return String.format(Locale.ROOT, "%-8s %-10s %-8s %-6.3f %-6.3f %-6.3f %-10.3f %-9.3f %-7s%s",
                c.symbol(), c.prediction(), c.status(), p(c, "up"), p(c, "down"), p(c, "flat"), c.confidence(),
                c.agreement(), c.partial() ? "yes" : "no",
                c.modelsMissing().isEmpty() ? "" : "  missing " + c.modelsMissing());
    }

    private static double p(ConsensusPrediction c, String label) {
        return c.probabilities().getOrDefault(label, 0.0);
    }
}
