package org.locness.ingest.service;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleException;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Component;
import org.locness.lake.s3.LakeSettings;

/**
 * {@code locness ingest}'s settings, read from the environment once and checked at start; every
 * problem is reported at once, each naming its variable.
 *
 * @param kafka       bootstrap servers and optional SCRAM credentials ({@code LOCNESS_KAFKA_*})
 * @param lake        the S3 endpoint, credentials and bucket ({@code LOCNESS_S3_*})
 * @param ensemblePath the ensemble file ({@code LOCNESS_ENSEMBLE}, default {@code config/ensemble.yaml})
 * @param ensemble    that file, loaded and validated
 * @param zone        the zone whose calendar day a request without a date is for
 *                    ({@code LOCNESS_INGEST_ZONE}, default UTC)
 * @param autoTrigger whether new objects under {@code pre-swept/<SYMBOL>/} request a job
 *                    ({@code LOCNESS_INGEST_AUTO_TRIGGER}, true|false, default true)
 * @param debounce    how long a symbol's uploads must pause before its job is requested
 *                    ({@code LOCNESS_INGEST_DEBOUNCE}, ISO-8601, default PT5S)
 * @param instance    this replica's stable name, part of its transactional ids; a restarted replica
 *                    with the same name fences its predecessor and aborts its open transaction at
 *                    once ({@code LOCNESS_INGEST_INSTANCE}, default {@code $HOSTNAME}, else {@code ingest})
 * @param metricsPort the port of {@code /metrics} ({@code LOCNESS_METRICS_PORT}, default 9400, 0 = any)
 */
public record IngestConfig(KafkaSettings kafka, LakeSettings lake, Path ensemblePath, Ensemble ensemble, ZoneId zone,
        boolean autoTrigger, Duration debounce, String instance, int metricsPort) {
    public static final String ZONE_ENV = "LOCNESS_INGEST_ZONE";
    public static final String AUTO_TRIGGER_ENV = "LOCNESS_INGEST_AUTO_TRIGGER";
    public static final String DEBOUNCE_ENV = "LOCNESS_INGEST_DEBOUNCE";
    public static final String INSTANCE_ENV = "LOCNESS_INGEST_INSTANCE";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(5);
    public static final String DEFAULT_INSTANCE = "ingest";
    private static final Pattern INSTANCE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    public IngestConfig {
        List<String> problems = new ArrayList<>();
        if (kafka == null) {
            problems.add("Kafka settings are required");
        }
        if (lake == null) {
            problems.add("lake settings are required");
        }
        if (ensemble == null) {
            problems.add("the ensemble is required");
        }
        if (zone == null) {
            problems.add(ZONE_ENV + " is required");
        }
        if (debounce == null) {
            problems.add(DEBOUNCE_ENV + " is required");
        }
        if (instance == null) {
            problems.add(INSTANCE_ENV + " is required");
        }
        problems.addAll(rangeProblems(debounce, instance, metricsPort));
        fail(problems);
    }

    /** Reads and validates every setting, loading the ensemble, and reports all problems at once. */
    public static IngestConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        KafkaSettings kafka = null;
        try {
            kafka = KafkaSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        LakeSettings lake = null;
        try {
            lake = LakeSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        Path ensemblePath = Path.of(value(env, EnsembleLoader.ENV, EnsembleLoader.DEFAULT.toString()));
        Ensemble ensemble = null;
        try {
            ensemble = EnsembleLoader.load(ensemblePath);
        } catch (EnsembleException e) {
            problems.add(EnsembleLoader.ENV + ": " + e.getMessage());
        }
        ZoneId zone = zone(env, problems);
        boolean autoTrigger = autoTrigger(env, problems);
        Duration debounce = debounce(env, problems);
        String instance = value(env, INSTANCE_ENV, value(env, "HOSTNAME", DEFAULT_INSTANCE));
        int metricsPort = port(env, problems);
        problems.addAll(rangeProblems(debounce, instance, metricsPort));
        fail(problems);
        return new IngestConfig(kafka, lake, ensemblePath, ensemble, zone, autoTrigger, debounce, instance, metricsPort);
    }

    /**
     * Transactional id of the job intake loop: its consumer group and the replica's name, so it falls
     * under {@link Component#INGEST}'s transactional-id prefix, which its KafkaUser may use.
     */
    public String intakeTransactionalId() {
        return Component.ingestJobsGroup() + "-" + instance;
    }

    /** Transactional id of the object-event loop, made the same way. */
    public String objectEventsTransactionalId() {
        return Component.ingestObjectEventsGroup() + "-" + instance;
    }

    private static List<String> rangeProblems(Duration debounce, String instance, int metricsPort) {
        List<String> problems = new ArrayList<>();
        if (debounce != null && debounce.isNegative()) {
            problems.add(DEBOUNCE_ENV + " must not be negative, was " + debounce);
        }
        if (instance != null && !INSTANCE.matcher(instance).matches()) {
            problems.add(INSTANCE_ENV + ": '" + instance + "' is not an instance name (letters, digits, '.', '_', '-';"
                    + " 1-64 chars)");
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            problems.add(MetricsServer.PORT_ENV + " must be a port in 0..65535, was " + metricsPort);
        }
        return problems;
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String raw = env.get(name);
        return raw == null || raw.isBlank() ? fallback : raw.trim();
    }

    private static ZoneId zone(Map<String, String> env, List<String> problems) {
        String raw = value(env, ZONE_ENV, null);
        if (raw == null) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            problems.add(ZONE_ENV + ": '" + raw + "' is not a time zone such as UTC or Europe/London");
            return DEFAULT_ZONE;
        }
    }

    private static boolean autoTrigger(Map<String, String> env, List<String> problems) {
        String raw = value(env, AUTO_TRIGGER_ENV, "true").toLowerCase(Locale.ROOT);
        if (!raw.equals("true") && !raw.equals("false")) {
            problems.add(AUTO_TRIGGER_ENV + ": '" + raw + "' must be true or false");
        }
        return !raw.equals("false");
    }

    private static Duration debounce(Map<String, String> env, List<String> problems) {
        String raw = value(env, DEBOUNCE_ENV, null);
        if (raw == null) {
            return DEFAULT_DEBOUNCE;
        }
        try {
            return Duration.parse(raw);
        } catch (DateTimeParseException e) {
            problems.add(DEBOUNCE_ENV + ": '" + raw + "' is not an ISO-8601 duration such as PT5S or PT0.5S");
            return DEFAULT_DEBOUNCE;
        }
    }

    private static int port(Map<String, String> env, List<String> problems) {
        String raw = value(env, MetricsServer.PORT_ENV, null);
        if (raw == null) {
            return MetricsServer.DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            problems.add(MetricsServer.PORT_ENV + ": '" + raw + "' is not a port number");
            return MetricsServer.DEFAULT_PORT;
        }
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid ingest configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
