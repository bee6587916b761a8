package org.locness.infra.strimzi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One permission: an operation on a resource (a topic, group or transactional id, by name or prefix). */
record AclGrant(String resourceType, String name, String patternType, String operation) implements Comparable<AclGrant> {
    static final String TOPIC = "topic";
    static final String GROUP = "group";
    static final String TRANSACTIONAL_ID = "transactionalId";
    static final String LITERAL = "literal";
    static final String PREFIX = "prefix";

    private static final Comparator<AclGrant> ORDER = Comparator.comparing(AclGrant::resourceType)
            .thenComparing(AclGrant::name).thenComparing(AclGrant::patternType).thenComparing(AclGrant::operation);

    /**
     * The grants of a KafkaUser's {@code spec.authorization.acls}, one per operation, duplicates
     * kept so a caller can see them. A missing {@code patternType} is Strimzi's default, literal.
     */
    static List<AclGrant> ofKafkaUser(JsonNode kafkaUser) {
        List<AclGrant> grants = new ArrayList<>();
        for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            for (JsonNode operation : acl.path("operations")) {
                grants.add(new AclGrant(resource.path("type").asString(""), resource.path("name").asString(""),
                        resource.path("patternType").asString(LITERAL), operation.asString()));
            }
        }
        return grants;
    }

    @Override
    public int compareTo(AclGrant other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return operation + " " + resourceType + ":" + name + (PREFIX.equals(patternType) ? "*" : "");
    }
}
