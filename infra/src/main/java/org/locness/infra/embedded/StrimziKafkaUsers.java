package org.locness.infra.embedded;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.locness.events.topic.Component;

/**
 * Strimzi's KafkaUser CRs ({@code strimzi/users.yaml}) read as the User Operator reads them: each
 * user's name and its {@code spec.authorization.acls} as Kafka ACL bindings for {@code User:<name>}.
 */
public final class StrimziKafkaUsers {
    /** Where the CRs live in the repository; `locness stack --secure` runs from its root. */
    public static final Path DEFAULT_FILE = Path.of("strimzi/users.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final Map<String, ResourceType> RESOURCE_TYPES = Map.of("topic", ResourceType.TOPIC,
            "group", ResourceType.GROUP, "transactionalId", ResourceType.TRANSACTIONAL_ID,
            "cluster", ResourceType.CLUSTER);
    private static final Map<String, PatternType> PATTERN_TYPES = Map.of("literal", PatternType.LITERAL,
            "prefix", PatternType.PREFIXED);
    /** Strimzi names the cluster resource this; Kafka's ACLs always name it kafka-cluster. */
    private static final String CLUSTER_RESOURCE = "kafka-cluster";

    /** One KafkaUser: who it is and what it may do. */
    public record KafkaUser(String name, List<AclBinding> acls) {
        public String principal() {
            return "User:" + name;
        }
    }

    private StrimziKafkaUsers() {
    }

    /** The KafkaUser of a component, as the CRs name it: INFERENCE_NODE is inference-node. */
    public static String userName(Component component) {
        return component.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<KafkaUser> read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the KafkaUser CRs in " + file.toAbsolutePath(), e);
        }
    }

    /** Every document of kind KafkaUser in {@code yaml}; other kinds are skipped. */
    public static List<KafkaUser> parse(String source, String yaml) throws IOException {
        List<KafkaUser> users = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && "KafkaUser".equals(document.path("kind").asText())) {
                    users.add(user(source, document));
                }
            }
        }
        return users;
    }

    private static KafkaUser user(String source, JsonNode document) {
        String name = document.path("metadata").path("name").asText("");
        if (name.isBlank()) {
            throw invalid(source, "a KafkaUser has no metadata.name");
        }
        String where = source + " " + name;
        JsonNode authentication = document.path("spec").path("authentication");
        if (!"scram-sha-512".equals(authentication.path("type").asText())) {
            throw invalid(where, "spec.authentication.type must be scram-sha-512, the embedded broker's only mechanism");
        }
        String principal = "User:" + name;
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode acl : document.path("spec").path("authorization").path("acls")) {
            ResourcePattern pattern = resource(where, acl.path("resource"));
            AclPermissionType permission = "deny".equals(acl.path("type").asText("allow"))
                    ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            String host = acl.path("host").asText("*");
            for (JsonNode operation : acl.path("operations")) {
                bindings.add(new AclBinding(pattern,
                        new AccessControlEntry(principal, host, operation(where, operation.asText()), permission)));
            }
        }
        return new KafkaUser(name, List.copyOf(bindings));
    }

    private static ResourcePattern resource(String where, JsonNode resource) {
        String typeName = resource.path("type").asText();
        ResourceType type = RESOURCE_TYPES.get(typeName);
        if (type == null) {
            throw invalid(where, "unknown resource type '" + typeName + "' (expected one of " + RESOURCE_TYPES.keySet() + ")");
        }
        PatternType patternType = PATTERN_TYPES.get(resource.path("patternType").asText("literal"));
        if (patternType == null) {
            throw invalid(where, "unknown patternType '" + resource.path("patternType").asText() + "'");
        }
        String name = type == ResourceType.CLUSTER ? CLUSTER_RESOURCE : resource.path("name").asText("");
        if (name.isBlank()) {
            throw invalid(where, "a " + typeName + " ACL names no resource");
        }
        return new ResourcePattern(type, name, patternType);
    }

    /** Strimzi's operation names are Kafka's in CamelCase: DescribeConfigs is DESCRIBE_CONFIGS. */
    private static AclOperation operation(String where, String name) {
        String constant = name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        try {
            AclOperation operation = AclOperation.valueOf(constant);
            if (operation != AclOperation.ANY && operation != AclOperation.UNKNOWN) {
                return operation;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        throw invalid(where, "unknown ACL operation '" + name + "'");
    }

    private static IllegalArgumentException invalid(String where, String problem) {
        return new IllegalArgumentException(where + ": " + problem);
    }
}
