package org.locness.infra.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.locness.events.kafka.KafkaSettings;
import org.locness.infra.embedded.StrimziKafkaUsers.KafkaUser;

/**
 * The embedded broker's production security: clients authenticate with SCRAM-SHA-512 as the
 * KafkaUsers of {@code strimzi/users.yaml}, each with a password generated at start and held only in
 * memory, and KRaft's StandardAuthorizer grants each exactly its CR's ACLs (nothing without an ACL).
 *
 * <p>The broker itself (inter-broker and controller traffic, and the stack's own administration)
 * authenticates with SASL/PLAIN on listeners of its own as a super user: SCRAM credentials live in
 * the metadata log, which the controller listener cannot depend on. Every listener is SASL_PLAINTEXT
 * (no TLS): it binds 127.0.0.1 only; the cluster's external listener is where TLS belongs.
 */
public final class KafkaSecurity {
    public static final String CLIENT_MECHANISM = "SCRAM-SHA-512";
    /** The broker's principal: no KafkaUser may take it, or that user would be a super user. */
    static final String BROKER_USER = "embedded-broker";
    private static final int SCRAM_ITERATIONS = 4096;
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String INTERNAL_LISTENER = "INTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final List<KafkaUser> users;
    private final Map<String, String> passwords;
    private final String brokerPassword;

    private KafkaSecurity(List<KafkaUser> users, Map<String, String> passwords, String brokerPassword) {
        this.users = users;
        this.passwords = passwords;
        this.brokerPassword = brokerPassword;
    }

    /** A fresh password for each user and for the broker; none is written anywhere. */
    public static KafkaSecurity generate(List<KafkaUser> users) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (KafkaUser user : users) {
            if (user.name().equals(BROKER_USER)) {
                throw new IllegalArgumentException("KafkaUser " + BROKER_USER + " would be the embedded broker's super user");
            }
            if (passwords.put(user.name(), Credentials.randomSecret()) != null) {
                throw new IllegalArgumentException("KafkaUser " + user.name() + " is declared twice");
            }
        }
        return new KafkaSecurity(List.copyOf(users), Map.copyOf(passwords), Credentials.randomSecret());
    }

    public List<String> userNames() {
        return users.stream().map(KafkaUser::name).toList();
    }

    /** The client settings of one KafkaUser on {@code bootstrap} (the SCRAM listener). */
    public KafkaSettings settings(String bootstrap, String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no KafkaUser '" + user + "' (the CRs declare " + userNames() + ")");
        }
        return new KafkaSettings(bootstrap, user, password);
    }

    /** Listeners, SASL mechanisms and the authorizer, replacing the PLAINTEXT ones of {@code props}. */
    void configureBroker(Properties props, int clientPort, int internalPort, int controllerPort) {
        props.put("listeners", CLIENT_LISTENER + "://127.0.0.1:" + clientPort + "," + INTERNAL_LISTENER + "://127.0.0.1:"
                + internalPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + clientPort + "," + INTERNAL_LISTENER
                + "://127.0.0.1:" + internalPort);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + INTERNAL_LISTENER
                + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put(listener(CLIENT_LISTENER) + "sasl.enabled.mechanisms", CLIENT_MECHANISM);
        props.put(listener(CLIENT_LISTENER) + "scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        for (String own : List.of(INTERNAL_LISTENER, CONTROLLER_LISTENER)) {
            props.put(listener(own) + "sasl.enabled.mechanisms", "PLAIN");
            props.put(listener(own) + "plain.sasl.jaas.config", plainJaas() + " user_" + BROKER_USER + "=\""
                    + brokerPassword + "\";");
        }
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + BROKER_USER);
        props.put("allow.everyone.if.no.acl.found", "false");
    }

    /** Whether a broker property carries a secret (kept out of files). */
    static boolean isSecret(String key) {
        return key.endsWith("sasl.jaas.config");
    }

    private static String listener(String name) {
        return "listener.name." + name.toLowerCase(Locale.ROOT) + ".";
    }

    private String plainJaas() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER_USER
                + "\" password=\"" + brokerPassword + "\"";
    }

    /** An admin client's settings as the broker's super user, on the internal listener. */
    Map<String, Object> superUserClient(int internalPort) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + internalPort);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, plainJaas() + ";");
        return config;
    }

    /**
     * Gives every user its SCRAM credential (replacing one a kept data dir holds from an earlier run)
     * and its ACLs, then waits until the broker authorizes with all of them.
     */
    void provision(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (KafkaUser user : users) {
            credentials.add(new UserScramCredentialUpsertion(user.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), passwords.get(user.name())));
            acls.addAll(user.acls());
        }
        if (!credentials.isEmpty()) {
            admin.alterUserScramCredentials(credentials).all().get(60, TimeUnit.SECONDS);
        }
        if (!acls.isEmpty()) {
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
        awaitApplied(admin, acls);
    }

    /** The controller has committed them; the broker's authorizer and credential cache follow shortly. */
    private void awaitApplied(Admin admin, Collection<AclBinding> acls)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Set<String> wanted = new HashSet<>(passwords.keySet());
        while (true) {
            Collection<AclBinding> present = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
            Set<String> credentialed = admin.describeUserScramCredentials().users().get(30, TimeUnit.SECONDS)
                    .stream().collect(Collectors.toSet());
            if (present.containsAll(acls) && credentialed.containsAll(wanted)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the broker did not apply the KafkaUsers' credentials and ACLs within 60 s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public String toString() {
        return "KafkaSecurity[users=" + userNames() + ", passwords=***]";
    }
}
