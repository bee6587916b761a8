package org.locness.cli.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.locness.events.id.NodeName;
import org.locness.events.metrics.MetricsServer;

/**
 * A distinct {@code LOCNESS_METRICS_PORT} for every service an operator may start by hand next to
 * `locness stack`: each defaults to 9400, so the second one on a machine could not bind. Ports count
 * up from 9401 and step over the stack's own.
 */
record MetricsPortPlan(List<Entry> entries) {

    /** One service: the command line that starts it and the port it should serve /metrics on. */
    record Entry(int port, String command) {
        String line() {
            return MetricsServer.PORT_ENV + "=" + port + " locness " + command;
        }
    }

    static MetricsPortPlan forNodes(List<NodeName> nodes, Set<Integer> taken) {
        List<String> commands = new ArrayList<>(List.of("ingest", "aggregator", "daily-prep"));
        for (NodeName node : nodes) {
            commands.add("inference-node --node " + node.value());
            commands.add("sweeper --node " + node.value());
        }
        List<Entry> entries = new ArrayList<>();
        int port = MetricsServer.DEFAULT_PORT;
        for (String command : commands) {
            do {
                port++;
            } while (taken.contains(port));
            entries.add(new Entry(port, command));
        }
        return new MetricsPortPlan(List.copyOf(entries));
    }
}
