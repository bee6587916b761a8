package org.locness.ingest.service;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.locness.events.config.EnvironmentReader;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleException;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.metrics.MetricsServer;
import org.locness.events.topic.Component;
import org.locness.ingest.intake.DateBound;
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
 * @param maxDaysAhead how many days after today (in {@code zone}) a request's date may be; later
 *                    dates go to the DLQ ({@code LOCNESS_INGEST_MAX_DAYS_AHEAD}, default 1 = not
 *                    after tomorrow, 0 = not after today)
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
        int maxDaysAhead, boolean autoTrigger, Duration debounce, String instance, int metricsPort) {
    public static final String ZONE_ENV = "LOCNESS_INGEST_ZONE";
    public static final String MAX_DAYS_AHEAD_ENV = "LOCNESS_INGEST_MAX_DAYS_AHEAD";
    public static final int DEFAULT_MAX_DAYS_AHEAD = 1;
    public static final String AUTO_TRIGGER_ENV = "LOCNESS_INGEST_AUTO_TRIGGER";
    public static final String DEBOUNCE_ENV = "LOCNESS_INGEST_DEBOUNCE";
    public static final String INSTANCE_ENV = "LOCNESS_INGEST_INSTANCE";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(5);
    public static final String DEFAULT_INSTANCE = "ingest";
    private static final String COMPONENT = "ingest";
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
        problems.addAll(rangeProblems(maxDaysAhead, debounce, instance, metricsPort));
        EnvironmentReader.throwIfAny(COMPONENT, problems);
    }

    /** Reads and validates every setting, loading the ensemble, and reports all problems at once. */
    public static IngestConfig fromEnvironment(Map<String, String> env) {
        EnvironmentReader read = new EnvironmentReader(env, COMPONENT);
        KafkaSettings kafka = read.attempt(() -> KafkaSettings.fromEnvironment(env));
        LakeSettings lake = read.attempt(() -> LakeSettings.fromEnvironment(env));
        Path ensemblePath = read.text(EnsembleLoader.ENV).map(Path::of).orElse(EnsembleLoader.DEFAULT);
        Ensemble ensemble = null;
        try {
            ensemble = EnsembleLoader.load(ensemblePath);
        } catch (EnsembleException e) {
            read.problem(EnsembleLoader.ENV + ": " + e.getMessage());
        }
        ZoneId zone = zone(read);
        int maxDaysAhead = read.integer(MAX_DAYS_AHEAD_ENV, DEFAULT_MAX_DAYS_AHEAD, "a number of days such as 1");
        boolean autoTrigger = autoTrigger(read);
        Duration debounce = read.duration(DEBOUNCE_ENV, DEFAULT_DEBOUNCE, "PT5S or PT0.5S");
        String instance = read.text(INSTANCE_ENV).or(() -> read.text("HOSTNAME")).orElse(DEFAULT_INSTANCE);
        int metricsPort = read.port(MetricsServer.PORT_ENV, MetricsServer.DEFAULT_PORT);
        rangeProblems(maxDaysAhead, debounce, instance, metricsPort).forEach(read::problem);
        read.throwIfProblems();
        return new IngestConfig(kafka, lake, ensemblePath, ensemble, zone, maxDaysAhead, autoTrigger, debounce, instance,
                metricsPort);
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

    /** The request dates intake accepts. */
    public DateBound dateBound() {
        return new DateBound(maxDaysAhead, MAX_DAYS_AHEAD_ENV);
    }

    private static List<String> rangeProblems(int maxDaysAhead, Duration debounce, String instance, int metricsPort) {
        List<String> problems = new ArrayList<>();
        if (maxDaysAhead < 0) {
            problems.add(MAX_DAYS_AHEAD_ENV + " must not be negative, was " + maxDaysAhead);
        }
        if (debounce != null && debounce.isNegative()) {
            problems.add(DEBOUNCE_ENV + " must not be negative, was " + debounce);
        }
        if (instance != null && !INSTANCE.matcher(instance).matches()) {
            problems.add(INSTANCE_ENV + ": '" + instance + "' is not an instance name (letters, digits, '.', '_', '-';"
                    + " 1-64 chars)");
        }
        EnvironmentReader.portProblem(MetricsServer.PORT_ENV, metricsPort).ifPresent(problems::add);
        return problems;
    }

    private static ZoneId zone(EnvironmentReader read) {
        Optional<String> raw = read.text(ZONE_ENV);
        if (raw.isEmpty()) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(raw.get());
        } catch (DateTimeException e) {
            read.problem(ZONE_ENV + ": '" + raw.get() + "' is not a time zone such as UTC or Europe/London");
            return DEFAULT_ZONE;
        }
    }

    /** Not {@link EnvironmentReader#flag}, whose wording differs: this variable's message is the one IngestConfigTest pins. */
    private static boolean autoTrigger(EnvironmentReader read) {
        String raw = read.text(AUTO_TRIGGER_ENV).orElse("true").toLowerCase(Locale.ROOT);
        if (!raw.equals("true") && !raw.equals("false")) {
            read.problem(AUTO_TRIGGER_ENV + ": '" + raw + "' must be true or false");
        }
        return !raw.equals("false");
    }
}
