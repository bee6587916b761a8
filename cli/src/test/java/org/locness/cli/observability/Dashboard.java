package org.locness.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The provisioned Grafana dashboard's queries, panel by panel. */
final class Dashboard {
    static final Path SHIPPED = Path.of("").toAbsolutePath().getParent().resolve("infra/k3s/base/config/grafana/locness.json");

    /** One target of one panel. */
    record Query(String panel, String datasourceUid, String expr) {
    }

    private Dashboard() {
    }

    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(SHIPPED.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), target.path("datasource").path("uid").asText(),
                        target.path("expr").asText()));
            }
        }
        return queries;
    }
}
