package org.locness.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locness.events.metrics.MetricsServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.utility.DockerImageName;

/**
 * One pod of a rendered workload, run as a container the way its manifest says: the image, command,
 * args (with $(VAR) expanded as the kubelet does), env and envFrom, and its volumes at their mount
 * paths. Only what the cluster owns is replaced ({@link ClusterStandIns}). The container shares the
 * host's network, since the embedded stack listens and advertises on 127.0.0.1; a pod has a network
 * namespace of its own, so the metrics port (the probes' port) moves to a free one here.
 */
final class ManifestPod implements AutoCloseable {
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final String name;
    private final Map<String, String> env;
    private final Map<String, Path> mounts;
    private final String healthPath;
    private final int metricsPort;
    private final ToStringConsumer logs = new ToStringConsumer();
    private final GenericContainer<?> container;

    private ManifestPod(String name, String image, List<String> command, List<String> args, Map<String, String> env,
            Map<String, Path> mounts, Map<String, Boolean> readOnly, String healthPath, int metricsPort) {
        this.name = name;
        this.env = env;
        this.mounts = mounts;
        this.healthPath = healthPath;
        this.metricsPort = metricsPort;
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                // No registry is reachable: the image is the locally built one (ContainerRuntime.requireLocalImage).
                .withImagePullPolicy(local -> false)
                .withNetworkMode("host")
                .withEnv(env)
                .withLogConsumer(logs)
                .withCreateContainerCmdModifier(cmd -> {
                    if (!command.isEmpty()) {
                        cmd.withEntrypoint(command);
                    }
                });
        if (!args.isEmpty()) {
            c.withCommand(args.toArray(String[]::new));
        }
        mounts.forEach((path, host) -> c.withFileSystemBind(host.toString(), path,
                readOnly.get(path) ? BindMode.READ_ONLY : BindMode.READ_WRITE));
        this.container = c;
    }

    /** The pod of {@code workload} that the scheduler would put on {@code node}. */
    static ManifestPod of(HomelabOverlay overlay, JsonNode workload, String node, ClusterStandIns standIns) {
        String workloadName = workload.path("metadata").path("name").asText();
        String podName = workloadName + "-" + node;
        JsonNode spec = workload.path("spec").path("template").path("spec");
        if (spec.path("containers").size() != 1) {
            throw new AssertionError(podName + ": expected one container, found " + spec.path("containers").size());
        }
        JsonNode container = spec.path("containers").get(0);
        Map<String, String> env = environment(overlay, container, node, podName, standIns);

        // The probes reach the metrics server on the named container port; the process listens where
        // LOCNESS_METRICS_PORT says. On the cluster the two must agree or the pod never becomes ready.
        JsonNode probe = container.path("startupProbe").path("httpGet");
        if (probe.isMissingNode()) {
            throw new AssertionError(podName + " has no httpGet startupProbe to tell when it is up");
        }
        int probePort = containerPort(container, probe.path("port"), podName);
        if (!Integer.toString(probePort).equals(env.get(MetricsServer.PORT_ENV))) {
            throw new AssertionError(podName + ": the startupProbe checks port " + probePort + " but "
                    + MetricsServer.PORT_ENV + " is " + env.get(MetricsServer.PORT_ENV));
        }
        int hostPort = freePort();
        env.put(MetricsServer.PORT_ENV, Integer.toString(hostPort));

        List<String> command = expand(texts(container.path("command")), env);
        List<String> args = expand(texts(container.path("args")), env);
        Map<String, Path> mounts = new LinkedHashMap<>();
        Map<String, Boolean> readOnly = new LinkedHashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            String volumeName = mount.path("name").asText();
            JsonNode volume = volume(spec, volumeName, podName);
            Path host = volumeSource(overlay, volume, node, podName, standIns);
            if (mount.hasNonNull("subPath")) {
                host = host.resolve(mount.path("subPath").asText());
            }
            mounts.put(mount.path("mountPath").asText(), host);
            readOnly.put(mount.path("mountPath").asText(), mount.path("readOnly").asBoolean(false));
        }
        return new ManifestPod(podName, container.path("image").asText(), command, args, env, mounts, readOnly,
                probe.path("path").asText("/"), hostPort);
    }

    String name() {
        return name;
    }

    String env(String variable) {
        return env.get(variable);
    }

    /** The host file behind a path inside the container, through the volume mounted there. */
    Path hostFile(String containerPath) {
        return mounts.entrySet().stream()
                .filter(m -> containerPath.startsWith(m.getKey().endsWith("/") ? m.getKey() : m.getKey() + "/"))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(m -> m.getValue().resolve(containerPath.substring(m.getKey().length()).replaceFirst("^/+", "")))
                .orElseThrow(() -> new AssertionError(name + ": " + containerPath + " is on no volume of the pod"));
    }

    void start() {
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new AssertionError(name + " did not start:\n" + report(), e);
        }
    }

    /** Polls the startupProbe's path until it answers 200; fails with the logs if the container exits. */
    void awaitHealthy(long deadlineNanos) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + metricsPort + healthPath);
        while (true) {
            assertRunning();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new AssertionError(name + " never answered " + health + " with 200:\n" + report());
            }
            Thread.sleep(250);
        }
    }

    void assertRunning() {
        if (!container.isRunning()) {
            throw new AssertionError(name + " exited:\n" + report());
        }
    }

    /** The container's state and everything it printed. */
    String report() {
        String state = "";
        if (container.getContainerId() != null) {
            try {
                InspectContainerResponse.ContainerState s = DockerClientFactory.instance().client()
                        .inspectContainerCmd(container.getContainerId()).exec().getState();
                state = "state " + s.getStatus() + ", exit code " + s.getExitCodeLong() + "\n";
            } catch (RuntimeException gone) {
                state = "state unknown (" + gone.getMessage() + ")\n";
            }
        }
        return "----- " + name + " (" + String.join(" ", container.getCommandParts()) + ")\n" + state + output()
                + "----- end of " + name;
    }

    /** What the runtime kept of the container's output; what the log stream delivered if it is gone. */
    private String output() {
        try {
            return container.getLogs();
        } catch (RuntimeException gone) {
            return logs.toUtf8String();
        }
    }

    @Override
    public void close() {
        container.stop();
    }

    private static Map<String, String> environment(HomelabOverlay overlay, JsonNode container, String node, String podName,
            ClusterStandIns standIns) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (!from.has("configMapRef")) {
                throw new AssertionError(podName + ": the test supports envFrom configMapRef only, not " + from);
            }
            String prefix = from.path("prefix").asText("");
            overlay.configMap(from.path("configMapRef").path("name").asText()).forEach((k, v) -> env.put(prefix + k, v));
        }
        for (JsonNode var : container.path("env")) {
            String variable = var.path("name").asText();
            if (ClusterStandIns.DROPPED_ENV.contains(variable)) {
                continue;
            }
            env.put(variable, var.has("value") ? expand(var.path("value").asText(), env)
                    : valueFrom(overlay, var.path("valueFrom"), node, podName, standIns));
        }
        ClusterStandIns.DROPPED_ENV.forEach(env::remove);
        env.replaceAll((k, v) -> standIns.service(v).orElse(v));
        env.forEach((k, v) -> {
            if (v.contains(".svc")) {
                throw new AssertionError(podName + ": " + k + "=" + v + " names an in-cluster address the test does not"
                        + " know: a wrong Service, namespace or port?");
            }
        });
        return env;
    }

    private static String valueFrom(HomelabOverlay overlay, JsonNode from, String node, String podName,
            ClusterStandIns standIns) {
        if (from.has("secretKeyRef")) {
            return standIns.secret(from.path("secretKeyRef").path("name").asText(), from.path("secretKeyRef").path("key").asText());
        }
        if (from.has("configMapKeyRef")) {
            String key = from.path("configMapKeyRef").path("key").asText();
            String value = overlay.configMap(from.path("configMapKeyRef").path("name").asText()).get(key);
            if (value == null) {
                throw new AssertionError(podName + ": no key " + key + " in " + from);
            }
            return value;
        }
        String field = from.path("fieldRef").path("fieldPath").asText();
        return switch (field) {
            case "spec.nodeName" -> node;
            case "metadata.name" -> podName;
            case "metadata.namespace" -> HomelabOverlay.NAMESPACE;
            default -> throw new AssertionError(podName + ": the test has no value for " + from);
        };
    }

    private static Path volumeSource(HomelabOverlay overlay, JsonNode volume, String node, String podName,
            ClusterStandIns standIns) {
        String volumeName = volume.path("name").asText();
        if (volume.has("hostPath")) {
            return standIns.hostPath(node, volume.path("hostPath").path("path").asText());
        }
        if (volume.has("emptyDir")) {
            return standIns.podDir(podName, volumeName);
        }
        if (volume.has("persistentVolumeClaim")) {
            return standIns.claim(volume.path("persistentVolumeClaim").path("claimName").asText());
        }
        if (volume.has("configMap")) {
            Path dir = standIns.podDir(podName, volumeName);
            Map<String, String> data = overlay.configMap(volume.path("configMap").path("name").asText());
            Map<String, String> files = new LinkedHashMap<>();
            if (volume.path("configMap").has("items")) {
                for (JsonNode item : volume.path("configMap").path("items")) {
                    files.put(item.path("path").asText(), data.get(item.path("key").asText()));
                }
            } else {
                files.putAll(data);
            }
            files.forEach((file, text) -> write(dir.resolve(file), text));
            return dir;
        }
        throw new AssertionError(podName + ": the test cannot provide volume " + volume);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode volume(JsonNode spec, String name, String podName) {
        for (JsonNode volume : spec.path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError(podName + " mounts volume " + name + ", which the pod does not declare");
    }

    private static int containerPort(JsonNode container, JsonNode port, String podName) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (port.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError(podName + ": the probe's port " + port + " is no named port of the container");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> expand(List<String> values, Map<String, String> env) {
        return values.stream().map(v -> expand(v, env)).toList();
    }

    /** The kubelet's $(VAR) expansion: a defined variable is replaced, anything else left as written. */
    private static String expand(String value, Map<String, String> env) {
        Matcher m = VAR_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
