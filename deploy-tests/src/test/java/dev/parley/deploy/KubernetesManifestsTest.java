package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The example overlay as kubectl renders it: what the seed got wrong (root, no limits, no probes,
 * latest tag, keys) must stay right, and KEDA must scale the queue the worker reads.
 */
class KubernetesManifestsTest {

    static final Path ROOT = ProvisionScriptTest.ROOT;
    static List<Map<String, Object>> docs;

    @BeforeAll
    static void render() throws Exception {
        docs = new ArrayList<>();
        String yaml = onPath("kubectl") ? kustomize() : baseWithOverlayImage();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
    }

    /** The example overlay exactly as kubectl renders it. */
    private static String kustomize() throws Exception {
        Process p = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("k8s/overlays/example").toString())
                .redirectErrorStream(true).start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(yaml).isZero();
        return yaml;
    }

    /**
     * Without kubectl (not every machine image has it): the base's resources as written, its ConfigMap
     * from worker.env, and the overlay's image, which is all the checks below need from kustomize.
     */
    private static String baseWithOverlayImage() throws IOException {
        Path base = ROOT.resolve("k8s/base");
        Map<String, Object> kustomization = map(new Yaml().load(Files.readString(base.resolve("kustomization.yaml"))));
        StringBuilder yaml = new StringBuilder();
        for (Object resource : list(kustomization.get("resources"))) {
            yaml.append(Files.readString(base.resolve((String) resource))).append("\n---\n");
        }
        yaml.append("kind: ConfigMap\nmetadata:\n  name: parley-worker\ndata:\n");
        for (String line : Files.readAllLines(base.resolve("worker.env"))) {
            if (line.contains("=") && !line.startsWith("#")) {
                String[] kv = line.split("=", 2);
                yaml.append("  ").append(kv[0]).append(": \"").append(kv[1]).append("\"\n");
            }
        }
        Map<String, Object> overlay = map(new Yaml().load(
                Files.readString(ROOT.resolve("k8s/overlays/example/kustomization.yaml"))));
        Map<String, Object> image = map(list(overlay.get("images")).get(0));
        return yaml.toString().replace("image: " + image.get("name") + " ",
                "image: " + image.get("newName") + ":" + image.get("newTag") + " ");
    }

    @Test
    void workerRunsAsNonRootOnAReadOnlyFilesystemWithLimitsAndProbes() {
        Map<String, Object> pod = map(path(one("Deployment", "parley-worker"), "spec", "template", "spec"));
        assertThat(path(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        Map<String, Object> container = map(list(pod.get("containers")).get(0));
        assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(path(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(path(container, "securityContext", "capabilities", "drop"))).containsExactly("ALL");
        assertThat(path(container, "resources", "requests", "memory")).isNotNull();
        assertThat(path(container, "resources", "limits", "memory")).isNotNull();
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        String image = (String) container.get("image");
        assertThat(image).contains(":").doesNotEndWith(":latest");
    }

    @Test
    void workerUsesWorkloadIdentityAndNoSecrets() {
        Map<String, Object> deployment = one("Deployment", "parley-worker");
        assertThat(path(deployment, "spec", "template", "metadata", "labels", "azure.workload.identity/use")).isEqualTo("true");
        String sa = (String) path(deployment, "spec", "template", "spec", "serviceAccountName");
        assertThat(path(one("ServiceAccount", sa), "metadata", "annotations", "azure.workload.identity/client-id"))
                .asString().matches("[0-9a-f-]{36}");
        assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")));
        assertThat(configMap().keySet())
                .noneMatch(k -> k.contains("CONNECTION_STRING") || k.contains("KEY") || k.contains("SECRET") || k.contains("PASSWORD"));
    }

    @Test
    void kedaScalesTheQueueTheWorkerReadsFromZeroWithItsOwnIdentity() {
        Map<String, Object> scaled = one("ScaledObject", "parley-worker");
        assertThat(path(scaled, "spec", "scaleTargetRef", "name")).isEqualTo("parley-worker");
        assertThat(path(scaled, "spec", "minReplicaCount")).isEqualTo(0);
        assertThat(path(scaled, "spec", "maxReplicaCount")).isNotNull();
        Map<String, Object> trigger = map(list(path(scaled, "spec", "triggers")).get(0));
        assertThat(trigger.get("type")).isEqualTo("azure-servicebus");
        assertThat(path(trigger, "metadata", "queueName")).isEqualTo(configMap().get("PARLEY_INTAKE_QUESTION_QUEUE"));
        // One pod holds this many conversations at once; KEDA has no idea of sessions.
        assertThat(path(trigger, "metadata", "messageCount"))
                .isEqualTo(configMap().get("PARLEY_INTAKE_MAX_CONCURRENT_CONVERSATIONS"));
        String auth = (String) path(trigger, "authenticationRef", "name");
        assertThat(path(one("TriggerAuthentication", auth), "spec", "podIdentity", "provider")).isEqualTo("azure-workload");
        assertThat(path(one("Deployment", "parley-worker"), "spec", "replicas")).as("KEDA owns replicas").isNull();
    }

    @Test
    void scaleInWaitsLongerThanTheWorkerDrains() {
        Duration drain = Duration.parse("PT" + String.valueOf(configMap().get("PARLEY_INTAKE_DRAIN_TIMEOUT")).toUpperCase());
        Object grace = path(one("Deployment", "parley-worker"), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertThat(((Number) grace).longValue()).isGreaterThan(drain.toSeconds() + 10);
    }

    private static Map<String, Object> configMap() {
        Map<String, Object> cm = docs.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .filter(d -> ((String) path(d, "metadata", "name")).startsWith("parley-worker"))
                .findFirst().orElseThrow();
        return map(cm.get("data"));
    }

    private static Map<String, Object> one(String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(path(d, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered overlay"));
    }

    private static Object path(Object node, String... keys) {
        Object at = node;
        for (String key : keys) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(key);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static boolean onPath(String command) throws IOException {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
