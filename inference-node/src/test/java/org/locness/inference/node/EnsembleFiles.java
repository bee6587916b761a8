package org.locness.inference.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;

/** Ensemble files for node tests: one node, models with their locations and CPU subsets. */
final class EnsembleFiles {
    static final String TEMPLATE = """
            Daily calls for {date}: each report below is one symbol's day, and the answer is up, down or flat.
            Market: {market}
            Earlier calls: {overview}
            Report for {symbol}: {stats}
            Its context: {context}
            Market state: {signature}
            Earlier calls in this state: {history}
            {question}
            """;

    /** One ensemble member; {@code location} is a folder or {@code lake:models/<name>/}. */
    record Member(String name, String location, String cpus) {
    }

    private EnsembleFiles() {
    }

    static Path write(Path dir, String node, String nodeCpus, List<Member> members) throws IOException {
        StringBuilder yaml = new StringBuilder()
                .append("defaults:\n  contextLimit: 512\n  labels: [\" up\", \" down\", \" flat\"]\n  promptTemplate: |\n");
        TEMPLATE.lines().forEach(line -> yaml.append("    ").append(line).append('\n'));
        yaml.append("nodes:\n  - name: ").append(node).append("\n    numaNode: 0\n    cpus: ").append(nodeCpus)
                .append("\n  - name: elsewhere\n    numaNode: 1\n    cpus: 0-1\n");
        yaml.append("models:\n");
        for (Member m : members) {
            yaml.append("  - name: ").append(m.name()).append("\n    node: ").append(node)
                    .append("\n    weight: 1.0\n    threads: 1\n    cpus: ").append(m.cpus())
                    .append("\n    location: ").append(m.location()).append('\n');
        }
        yaml.append("  - name: other-model\n    node: elsewhere\n    weight: 1.0\n    threads: 1\n    cpus: 0\n"
                + "    location: lake:models/other-model/\n");
        Path file = dir.resolve("ensemble-" + node + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static Ensemble load(Path dir, String node, String nodeCpus, List<Member> members) throws IOException {
        return EnsembleLoader.load(write(dir, node, nodeCpus, members));
    }
}
