package org.locness.cli.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LagTableTest {
    @Test
    void lagIsTheEndLessTheCommittedOffsetAndUnknownWithoutACommit() {
        assertEquals(OptionalLong.of(7), row("sweeper-vm1", 0, 3, 10).lag());
        assertEquals(OptionalLong.of(0), row("sweeper-vm1", 0, 10, 10).lag());
        assertEquals(OptionalLong.empty(),
                new LagRow("sweeper-vm1", "t", 0, OptionalLong.empty(), OptionalLong.of(5), "", "EMPTY").lag());
    }

    @Test
    void rowsAreSortedAndAlignedUnderTheHeaderWithDashesForTheUnknown() {
        String table = LagTable.render(List.of(
                row("sweeper-vm1", 1, 4, 4),
                new LagRow("aggregator", "results.staged", 0, OptionalLong.empty(), OptionalLong.of(12), "", "EMPTY"),
                row("sweeper-vm1", 0, 3, 10)));

        assertEquals("""
                GROUP        TOPIC                PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER   STATE
                aggregator   results.staged       0          -               12              -    -          EMPTY
                sweeper-vm1  inference.completed  0          3               10              7    sweeper-1  STABLE
                sweeper-vm1  inference.completed  1          4               4               0    sweeper-1  STABLE
                """, table);
    }

    @Test
    void noGroupsSaysSo() {
        assertEquals(LagTable.NO_GROUPS + "\n", LagTable.render(List.of()));
    }

    @Test
    void onlyThePipelinesGroupsCount() {
        assertTrue(LocnessGroups.isLocness("ingest-jobs"));
        assertTrue(LocnessGroups.isLocness("sweeper-vm1"));
        assertTrue(LocnessGroups.isLocness("inference-cache-vm2"));
        assertTrue(LocnessGroups.isLocness("aggregator"));
        assertTrue(LocnessGroups.isLocness("aggregator-gold"));
        assertFalse(LocnessGroups.isLocness("aggregator-old"));
        assertFalse(LocnessGroups.isLocness("sweeper-"));
        assertFalse(LocnessGroups.isLocness("locness-cli-status"));
        assertFalse(LocnessGroups.isLocness("console-consumer-4711"));
    }

    private static LagRow row(String group, int partition, long committed, long end) {
        return new LagRow(group, "inference.completed", partition, OptionalLong.of(committed), OptionalLong.of(end),
                "sweeper-1", "STABLE");
    }
}
