package org.locness.infra.strimzi;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.locness.events.topic.Component;
import org.locness.events.topic.Topic;

/**
 * The ACLs each KafkaUser must have, derived from the one table of who reads and writes what
 * ({@link Component}): nothing more, nothing less.
 */
final class ComponentAcls {
    /** Components that run Kafka Streams, by application id: those create and own "<id>-…" topics. */
    private static final Map<Component, String> STREAMS_APPLICATIONS =
            Map.of(Component.AGGREGATOR, Component.aggregatorApplicationId());

    private ComponentAcls() {
    }

    /** The KafkaUser (and so the Secret and the principal) of a component: INFERENCE_NODE is inference-node. */
    static String userName(Component component) {
        return component.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every KafkaUser there must be, with its ACLs. */
    static Map<String, Set<AclGrant>> expectedByUser() {
        Map<String, Set<AclGrant>> users = new TreeMap<>();
        for (Component component : Component.values()) {
            users.put(userName(component), expected(component));
        }
        return users;
    }

    static Set<AclGrant> expected(Component component) {
        Set<AclGrant> grants = new TreeSet<>();
        for (Topic read : component.reads()) {
            topic(grants, read.topicName(), AclGrant.LITERAL, "Read", "Describe");
            if (component.readsDeadLetters()) {
                topic(grants, read.dlqName(), AclGrant.LITERAL, "Read", "Describe");
            } else {
                // A reader sends what it cannot process to the topic's DLQ.
                topic(grants, read.dlqName(), AclGrant.LITERAL, "Write", "Describe");
            }
        }
        for (Topic written : component.writes()) {
            topic(grants, written.topicName(), AclGrant.LITERAL, "Write", "Describe");
        }
        for (String group : component.groupPrefixes()) {
            grants.add(new AclGrant(AclGrant.GROUP, group, group.endsWith("-") ? AclGrant.PREFIX : AclGrant.LITERAL, "Read"));
        }
        for (String transactionalId : component.transactionalIdPrefixes()) {
            for (String operation : Set.of("Write", "Describe")) {
                grants.add(new AclGrant(AclGrant.TRANSACTIONAL_ID, transactionalId, AclGrant.PREFIX, operation));
            }
        }
        String applicationId = STREAMS_APPLICATIONS.get(component);
        if (applicationId != null) {
            topic(grants, applicationId + "-", AclGrant.PREFIX, "Create", "Read", "Write", "Describe", "Delete");
        }
        return grants;
    }

    private static void topic(Set<AclGrant> grants, String name, String patternType, String... operations) {
        for (String operation : operations) {
            grants.add(new AclGrant(AclGrant.TOPIC, name, patternType, operation));
        }
    }
}
