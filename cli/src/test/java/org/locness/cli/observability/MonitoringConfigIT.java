package org.locness.cli.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped monitoring files as Debian's VictoriaMetrics and vmalert read them, without a cluster:
 * the scrape configuration (with the kubelet's cAdvisor, which no test here can run) and the alert
 * rules parse, and the dashboard reads the provisioned data source.
 */
class MonitoringConfigIT {
    private static final Path CONFIG = Path.of("").toAbsolutePath().getParent().resolve("infra/k3s/base/config");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void victoriaMetricsAcceptsTheScrapeConfigurationStrictly() throws Exception {
        assumeTrue(Files.isExecutable(VictoriaMetricsProcess.BINARY), "victoria-metrics is not installed");
        run(VictoriaMetricsProcess.BINARY.toString(), "-promscrape.config=" + CONFIG.resolve("scrape.yml"),
                "-promscrape.config.strictParse", "-promscrape.config.dryRun", "-loggerLevel=ERROR");
    }

    @Test
    void theCadvisorJobScrapesEveryKubeletWithTheServiceAccountsToken() throws IOException {
        JsonNode cadvisor = job("cadvisor");
        assertEquals("https", cadvisor.path("scheme").asText());
        assertEquals("/metrics/cadvisor", cadvisor.path("metrics_path").asText());
        assertEquals("/var/run/secrets/kubernetes.io/serviceaccount/token", cadvisor.path("bearer_token_file").asText());
        assertEquals("node", cadvisor.path("kubernetes_sd_configs").get(0).path("role").asText());
        assertEquals("$1:10250", cadvisor.path("relabel_configs").get(0).path("replacement").asText());
        JsonNode nodeExporter = job("node-exporter");
        assertEquals("node", nodeExporter.path("kubernetes_sd_configs").get(0).path("role").asText());
        assertEquals("$1:9100", nodeExporter.path("relabel_configs").get(0).path("replacement").asText());
    }

    @Test
    void vmalertAcceptsTheRules() throws Exception {
        assumeTrue(Files.isExecutable(VmAlertProcess.BINARY), "vmalert is not installed");
        run(VmAlertProcess.BINARY.toString(), "-dryRun", "-rule=" + TestRules.SHIPPED, "-loggerLevel=ERROR");
        Set<String> alerts = new TreeSet<>();
        YAML.readTree(TestRules.SHIPPED.toFile()).path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> alerts.add(rule.path("alert").asText())));
        assertEquals(Set.of("LocnessDeadLetters", "LocnessConsensusDegraded", "LocnessJobStalled", "LocnessConsumerLagGrowing",
                "LocnessLoopDown", "LocnessTargetDown", "LocnessModelFailureRate", "LocnessInferenceP95OverBudget",
                "LocnessDailyPrepMissed"), alerts);
    }

    @Test
    void theDashboardReadsTheProvisionedDataSource() throws IOException {
        JsonNode source = YAML.readTree(CONFIG.resolve("grafana/datasources.yaml").toFile()).path("datasources").get(0);
        assertEquals("http://victoriametrics.monitoring.svc:8428", source.path("url").asText());
        for (Dashboard.Query query : Dashboard.queries()) {
            assertEquals(source.path("uid").asText(), query.datasourceUid(), query.panel());
        }
        assertEquals("/var/lib/grafana/dashboards", YAML.readTree(CONFIG.resolve("grafana/dashboards.yaml").toFile())
                .path("providers").get(0).path("options").path("path").asText());
    }

    private static JsonNode job(String name) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode job : YAML.readTree(CONFIG.resolve("scrape.yml").toFile()).path("scrape_configs")) {
            if (name.equals(job.path("job_name").asText())) {
                return job;
            }
            names.add(job.path("job_name").asText());
        }
        throw new AssertionError("no scrape job " + name + " in " + names);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    }
}
