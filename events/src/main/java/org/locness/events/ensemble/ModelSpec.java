package org.locness.events.ensemble;

import java.util.List;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;

/**
 * One ensemble member. {@code location} is a local directory or {@code lake:models/<name>/};
 * {@code labels} are the answer tokens scored at the next position (each must be one token).
 */
public record ModelSpec(ModelName name, NodeName node, double weight, int threads, CpuSet cpus, String location,
        int contextLimit, List<String> labels, String promptTemplate) {

    public static final String LAKE_PREFIX = "lake:";

    public boolean fromLake() {
        return location.startsWith(LAKE_PREFIX);
    }

    /** The label without its leading space, as consensus records name it: " up" → "up". */
    public static String labelName(String label) {
        return label.strip();
    }
}
