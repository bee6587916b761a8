package org.locness.infra.strimzi;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Strimzi 1.2.0's CRDs (test resources {@code strimzi-crds-1.2.0/}, copied from Strimzi's
 * {@code install/cluster-operator/04x-Crd-*.yaml}) as JSON Schemas, one per {@code apiVersion} + kind.
 */
final class CrdSchemas {
    static final String VERSION = "v1";
    private static final List<String> CRD_FILES = List.of("040-Crd-kafka.yaml", "043-Crd-kafkatopic.yaml",
            "044-Crd-kafkauser.yaml", "045-Crd-kafkanodepool.yaml");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private final Map<String, Schema> byResource;

    private CrdSchemas(Map<String, Schema> byResource) {
        this.byResource = byResource;
    }

    static CrdSchemas load() {
        return new CrdSchemas(CRD_FILES.stream().map(CrdSchemas::readCrd)
                .collect(Collectors.toMap(CrdSchemas::resourceOf, crd -> REGISTRY.getSchema(
                        OpenApiToJsonSchema.convert(versionOf(crd).path("schema").path("openAPIV3Schema"))),
                        (a, b) -> a, TreeMap::new)));
    }

    /** The {@code apiVersion/kind} keys this holds, e.g. {@code kafka.strimzi.io/v1/KafkaTopic}. */
    Set<String> resources() {
        return byResource.keySet();
    }

    Optional<Schema> schemaFor(String apiVersion, String kind) {
        return Optional.ofNullable(byResource.get(apiVersion + "/" + kind));
    }

    /** Schema violations of one resource, as readable lines; empty when valid. */
    List<String> violations(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asString("");
        String kind = resource.path("kind").asString("");
        return schemaFor(apiVersion, kind)
                .map(schema -> schema.validate(resource).stream().map(Error::toString).toList())
                .orElseGet(() -> List.of("no Strimzi 1.2.0 CRD serves " + apiVersion + " " + kind + " (served: " + resources() + ")"));
    }

    private static JsonNode readCrd(String file) {
        try (InputStream in = CrdSchemas.class.getResourceAsStream("/strimzi-crds-1.2.0/" + file)) {
            if (in == null) {
                throw new IllegalStateException("test resource strimzi-crds-1.2.0/" + file + " is missing");
            }
            return YAMLMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resourceOf(JsonNode crd) {
        return crd.path("spec").path("group").asString() + "/" + VERSION + "/" + crd.path("spec").path("names").path("kind").asString();
    }

    private static JsonNode versionOf(JsonNode crd) {
        return crd.path("spec").path("versions").valueStream()
                .filter(v -> VERSION.equals(v.path("name").asString("")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(crd.path("metadata").path("name").asString()
                        + " serves no " + VERSION));
    }
}
