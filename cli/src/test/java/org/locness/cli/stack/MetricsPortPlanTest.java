package org.locness.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locness.events.id.NodeName;

class MetricsPortPlanTest {

    @Test
    void everyServiceAndEveryNodesServicesGetTheirOwnPortAbove9400() {
        MetricsPortPlan plan = MetricsPortPlan.forNodes(List.of(NodeName.of("vm1"), NodeName.of("vm2")), Set.of());
        assertEquals(List.of(
                "LOCNESS_METRICS_PORT=9401 locness ingest",
                "LOCNESS_METRICS_PORT=9402 locness aggregator",
                "LOCNESS_METRICS_PORT=9403 locness daily-prep",
                "LOCNESS_METRICS_PORT=9404 locness inference-node --node vm1",
                "LOCNESS_METRICS_PORT=9405 locness sweeper --node vm1",
                "LOCNESS_METRICS_PORT=9406 locness inference-node --node vm2",
                "LOCNESS_METRICS_PORT=9407 locness sweeper --node vm2"),
                plan.entries().stream().map(MetricsPortPlan.Entry::line).toList());
    }

    @Test
    void portsTheStackUsesAreSteppedOver() {
        MetricsPortPlan plan = MetricsPortPlan.forNodes(List.of(), Set.of(9401, 9403));
        assertEquals(List.of(9402, 9404, 9405), plan.entries().stream().map(MetricsPortPlan.Entry::port).toList());
    }
}
