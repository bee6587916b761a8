package org.locness.infra.k3s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Every object {@code kubectl kustomize infra/k3s/overlays/homelab} renders, read into fabric8's
 * Kubernetes 8.0.0 model class for its kind, as strictly as the API server reads it: a field the
 * kind does not have (a misspelt {@code volumeMount}, a probe under the wrong parent) or a number
 * where the API wants a string (an unquoted env {@code value: 9400}) fails. fabric8's classes keep
 * unknown fields in an "additional properties" map; that any-setter is switched off here, so
 * {@code FAIL_ON_UNKNOWN_PROPERTIES} sees them.
 */
class RenderedObjectsParseStrictlyTest {
    private static final Map<String, Class<? extends HasMetadata>> CLASSES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/DaemonSet", DaemonSet.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class));

    /** Ignores fabric8's {@code @JsonAnySetter} so that unknown fields are unknown. */
    private static final class NoAnySetter extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
            return Boolean.FALSE;
        }
    }

    static final JsonMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new NoAnySetter())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    /** The rendered objects as Jackson 3 trees (the overlay is rendered once, as Jackson 2 trees, by {@link Kustomize}). */
    private static List<JsonNode> rendered() throws Exception {
        return Kustomize.homelab().stream().map(doc -> STRICT.readTree(doc.toString())).toList();
    }

    static HasMetadata parse(JsonNode object) {
        String key = object.path("apiVersion").asString() + "/" + object.path("kind").asString();
        Class<? extends HasMetadata> type = CLASSES.get(key);
        if (type == null) {
            throw new AssertionError(key + " has no fabric8 class in " + RenderedObjectsParseStrictlyTest.class.getSimpleName()
                    + ".CLASSES; add it (kubernetes-model-* 8.0.0)");
        }
        return STRICT.treeToValue(object, type);
    }

    @TestFactory
    Stream<DynamicTest> everyRenderedObjectIsAValidObjectOfItsKind() throws Exception {
        return rendered().stream().map(object -> DynamicTest.dynamicTest(
                object.path("kind").asString() + " " + object.path("metadata").path("namespace").asString("-") + "/"
                        + object.path("metadata").path("name").asString(),
                () -> {
                    HasMetadata parsed;
                    try {
                        parsed = parse(object);
                    } catch (JacksonException e) {
                        throw new AssertionError("the API server would reject it: " + e.getOriginalMessage() + " at " + e.getPathReference(), e);
                    }
                    assertEquals(object.path("metadata").path("name").asString(), parsed.getMetadata().getName());
                }));
    }

    /** The strictness itself: the mistakes this test exists for are caught. */
    @Test
    void aMisspeltFieldOrAnUnquotedNumberIsRejected() {
        JsonNode misspelt = STRICT.readTree("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                 "spec": {"selector": {}, "template": {"spec": {"containers": [
                   {"name": "c", "image": "i", "volumeMount": [{"name": "v", "mountPath": "/v"}]}]}}}}""");
        JsonNode unquoted = STRICT.readTree("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                 "spec": {"selector": {}, "template": {"spec": {"containers": [
                   {"name": "c", "image": "i", "env": [{"name": "PORT", "value": 9400}]}]}}}}""");
        JsonNode wellFormed = STRICT.readTree("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                 "spec": {"selector": {}, "template": {"spec": {"containers": [
                   {"name": "c", "image": "i", "env": [{"name": "PORT", "value": "9400"}],
                    "resources": {"limits": {"memory": "30Gi", "cpu": 10}}, "ports": [{"containerPort": 9400}]}]}}}}""");

        assertThrows(JacksonException.class, () -> parse(misspelt));
        assertThrows(JacksonException.class, () -> parse(unquoted));
        assertTrue(parse(wellFormed) instanceof Deployment);
    }
}
