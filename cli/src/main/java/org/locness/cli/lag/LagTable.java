package org.locness.cli.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/** Renders lag rows as aligned columns, sorted by group, topic and partition; "-" for what is unknown. */
public final class LagTable {
    static final List<String> HEADER =
            List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER", "STATE");
    static final String NO_GROUPS = "No Locness consumer group has joined this cluster yet.";

    private LagTable() {
    }

    public static String render(List<LagRow> rows) {
        if (rows.isEmpty()) {
            return NO_GROUPS + "\n";
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        rows.stream()
                .sorted(Comparator.comparing(LagRow::group).thenComparing(LagRow::topic).thenComparingInt(LagRow::partition))
                .forEach(row -> cells.add(List.of(row.group(), row.topic(), String.valueOf(row.partition()),
                        text(row.currentOffset()), text(row.logEndOffset()), text(row.lag()),
                        row.consumer().isEmpty() ? "-" : row.consumer(), row.state())));
        int[] widths = new int[HEADER.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(String.format("%-" + widths[i] + "s", line.get(i)));
                if (i < widths.length - 1) {
                    text.append("  ");
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : "-";
    }
}
