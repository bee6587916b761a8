package org.locness.cli.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shipped rules file with its waiting times shortened for a test: every {@code for:} to 0 s, and
 * the named windows replaced. Each replaced text must occur, so a rule edited in the manifests
 * cannot silently escape the test.
 */
final class TestRules {
    static final Path SHIPPED = Path.of("").toAbsolutePath().getParent().resolve("infra/k3s/base/config/alerts.yml");

    private final Map<String, String> replacements = new LinkedHashMap<>();

    TestRules replace(String shipped, String test) {
        replacements.put(shipped, test);
        return this;
    }

    Path writeTo(Path dir) throws IOException {
        String rules = Files.readString(SHIPPED);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!rules.contains(r.getKey())) {
                throw new AssertionError(SHIPPED + " no longer holds '" + r.getKey() + "'");
            }
            rules = rules.replace(r.getKey(), r.getValue());
        }
        return Files.writeString(dir.resolve("alerts.yml"), rules.replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 0s"));
    }
}
