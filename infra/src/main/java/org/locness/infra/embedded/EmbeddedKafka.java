package org.locness.infra.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;
import org.locness.events.topic.Topic;
import org.locness.events.topic.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft broker (broker + controller) in this JVM, with transactions enabled and
 * every registry topic created. Used by `locness stack`, the demo and integration tests.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String META_PROPERTIES = "meta.properties";

    private final Properties props;
    private final String bootstrap;
    private final Map<String, Object> adminClient;
    private final Optional<KafkaSecurity> security;
    private final Path logDir;
    private final boolean deleteOnClose;
    private KafkaRaftServer server;

    private EmbeddedKafka(Properties props, String bootstrap, Map<String, Object> adminClient,
            Optional<KafkaSecurity> security, Path logDir, boolean deleteOnClose) {
        this.props = props;
        this.bootstrap = bootstrap;
        this.adminClient = adminClient;
        this.security = security;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Starts a broker on {@code port} (0: any free port) with its log in {@code logDir}. A log dir
     * formatted before keeps its cluster id and is not formatted again, so a stack restarted on the
     * same data keeps its topics, records and committed offsets.
     */
    public static EmbeddedKafka start(int port, Path logDir, boolean deleteOnClose) throws IOException {
        return start(port, logDir, deleteOnClose, Optional.empty());
    }

    /**
     * As {@link #start(int, Path, boolean)}; with {@code security}, clients connect on {@code port}
     * with SCRAM-SHA-512 as its KafkaUsers, under their ACLs only, instead of PLAINTEXT.
     */
    public static EmbeddedKafka start(int port, Path logDir, boolean deleteOnClose, Optional<KafkaSecurity> security)
            throws IOException {
        long started = System.nanoTime();
        int brokerPort = Ports.orFree(port);
        int controllerPort = Ports.free();
        Files.createDirectories(logDir);
        Properties props = brokerProperties(brokerPort, controllerPort, logDir);
        String bootstrap = "127.0.0.1:" + brokerPort;
        Map<String, Object> adminClient = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (security.isPresent()) {
            int internalPort = Ports.free();
            security.get().configureBroker(props, brokerPort, internalPort, controllerPort);
            adminClient = security.get().superUserClient(internalPort);
        }
        formatIfNew(props, logDir);
        EmbeddedKafka kafka = new EmbeddedKafka(props, bootstrap, adminClient, security, logDir, deleteOnClose);
        try {
            kafka.startServer();
            kafka.createRegistryTopics();
            kafka.provisionUsers();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka broker ready on {} ({}) in {} ms", kafka.bootstrap,
                security.isPresent() ? "SASL_PLAINTEXT, SCRAM-SHA-512, ACLs" : "PLAINTEXT",
                (System.nanoTime() - started) / 1_000_000);
        return kafka;
    }

    private void provisionUsers() {
        if (security.isEmpty()) {
            return;
        }
        try (Admin admin = admin()) {
            security.get().provision(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the KafkaUsers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the KafkaUsers' credentials and ACLs: " + e.getMessage(), e);
        }
    }

    /** An admin client as the broker itself: a super user when the broker is secured. */
    public Admin admin() {
        return Admin.create(adminClient);
    }

    /** The broker's users and their passwords, when it is secured. */
    public Optional<KafkaSecurity> security() {
        return security;
    }

    private synchronized void startServer() {
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server = started;
        started.startup();
    }

    private synchronized void stopServer() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /**
     * Stops the broker and starts it again on the same ports and log dir, as an operator restarting
     * it would: connected clients reconnect to the same address and find every record and offset.
     *
     * @return how long the broker was away, in milliseconds
     */
    public long restart() {
        long stopped = System.nanoTime();
        stopServer();
        startServer();
        awaitServing();
        long millis = (System.nanoTime() - stopped) / 1_000_000;
        LOG.info("Kafka broker on {} restarted in {} ms", bootstrap, millis);
        return millis;
    }

    /** Back once an admin client gets the topic list (the broker has caught up with its metadata log). */
    private void awaitServing() {
        try (Admin admin = admin()) {
            admin.listTopics().names().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker restarted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not come back on " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    static Properties brokerProperties(int brokerPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("node.id", "1");
        p.put("process.roles", "broker,controller");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // The 128 MB default dedupe buffer wastes heap on a laptop-sized broker.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }

    /**
     * Formats the log dir with a new cluster id when it has none yet. A formatted dir keeps the id
     * in its meta.properties; formatting it again with another id is what made a restart fail.
     */
    private static void formatIfNew(Properties props, Path logDir) throws IOException {
        Path config = logDir.resolve("server.properties");
        // Formatting needs no credentials, and a kept data dir must not hold the broker's password.
        Properties withoutSecrets = new Properties();
        props.forEach((key, value) -> {
            if (!KafkaSecurity.isSecret(key.toString())) {
                withoutSecrets.put(key, value);
            }
        });
        try (OutputStream out = Files.newOutputStream(config)) {
            withoutSecrets.store(out, "Locness embedded KRaft broker");
        }
        Optional<String> clusterId = existingClusterId(logDir);
        if (clusterId.isPresent()) {
            LOG.info("reusing KRaft log dir {} of cluster {}", logDir, clusterId.get());
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IOException("formatting the KRaft log dir failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static Optional<String> existingClusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        }
        String id = properties.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IOException(meta + " has no cluster.id: the log dir is damaged; move it away to start afresh");
        }
        return Optional.of(id);
    }

    /** Creates each registry topic and its DLQ with the registry's partitions, retention and cleanup policy. */
    void createRegistryTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : Topic.allSpecs()) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retention().toMillis()),
                                    TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy().config())));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the registry topics: " + e.getMessage(), e);
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        stopServer();
        if (deleteOnClose) {
            TempDirs.deleteRecursively(logDir);
        }
    }
}
