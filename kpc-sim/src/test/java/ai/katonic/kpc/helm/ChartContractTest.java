package ai.katonic.kpc.helm;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ConfigLoader;
import ai.katonic.kpc.plan.GraphBuilder;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.sim.ChartMirror;
import ai.katonic.kpc.sim.ImageRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.databind.MappingIterator;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The releases kpc installs, rendered from the stand-in charts (which hold the real charts' keys,
 * defaults and images, see sim/StandIns) with kpc's values, without a cluster or moto: every key kpc
 * sets is one the real chart reads, every image exists in the simulated registry (the images that
 * still exist), every platform pod is placed on the platform group, GPU pods on GPU nodes.
 */
@EndToEnd
class ChartContractTest {
    @TempDir
    static Path dir;
    static ClusterConfig config;

    @BeforeAll
    static void config() throws Exception {
        String base = new String(ChartContractTest.class.getResourceAsStream("/config/valid-base.yaml").readAllBytes(), StandardCharsets.UTF_8);
        String text = base.replace("  vectordb:", "  gpu:        {instance_type: g4dn.xlarge, min_size: 0, desired_size: 0, max_size: 2, disk_size_gb: 200}\n  vectordb:")
                .replace("state: {backend: local}", "charts: {repository: \"" + ChartMirror.url() + "\"}\nstate: {backend: local}");
        Path file = dir.resolve("kpc.yaml");
        Files.writeString(file, text);
        var loaded = ConfigLoader.load(file);
        assertThat(loaded.diagnostics().errors()).isEmpty();
        config = loaded.config();
    }

    static List<Spec.HelmRelease> releases() {
        List<Spec.HelmRelease> out = new ArrayList<>();
        for (Resource r : GraphBuilder.build(config).inOrder()) if (r.spec() instanceof Spec.HelmRelease h) out.add(h);
        return out;
    }

    static Spec.HelmRelease release(String name) {
        return releases().stream().filter(h -> h.release().equals(name)).findFirst().orElseThrow();
    }

    static Spec.HelmRelease with(Spec.HelmRelease h, Map<String, String> values) {
        return new Spec.HelmRelease(h.api(), h.release(), h.namespace(), h.chart(), h.version(), h.repository(), h.appVersion(), values,
                h.roleArns(), h.ids());
    }

    @Test
    void everyImageKpcWillRunExistsAndNoneIsLatestWhereTheChartLetsItBePinned() throws Exception {
        assertThat(releases()).extracting(Spec.HelmRelease::release).contains("aws-load-balancer-controller", "cluster-autoscaler",
                "tigera-operator", "superset", "airbyte", "velero", "nvidia-device-plugin");
        Registries registries = new Registries(ImageRegistry.url());
        List<String> images = new ArrayList<>();
        for (Spec.HelmRelease h : releases()) {
            for (ChartImages.Use u : ChartImages.of(h, config.eksVersion(), Files.createTempDirectory(dir, "w"))) {
                images.add(u.image());
                assertThat(registries.check(u.image()).answer()).as(u.toString()).isEqualTo(Registries.Answer.EXISTS);
            }
        }
        // the hooks are there: Superset's init-db (dockerize), Airbyte's bootloader
        assertThat(images).contains("apache/superset:dockerize", "airbyte/bootloader:0.40.32", "docker.io/bitnamilegacy/postgresql:14.6.0-debian-11-r13",
                "velero/velero-plugin-for-aws:v1.10.0", "nvcr.io/nvidia/k8s-device-plugin:v0.18.2");
        // minio/minio:latest is hard-coded in Airbyte 0.44.1's template: no value pins it
        assertThat(images.stream().filter(i -> i.endsWith(":latest"))).containsOnly("minio/minio:latest");
    }

    @Test
    void theImagesKpcAvoidsAreMissingAsOnTheRealRegistries() throws Exception {
        Registries registries = new Registries(ImageRegistry.url());
        // Velero's upgrade-crds hook as the chart has it, and Superset's Bitnami images at their old repository
        Map<String, String> velero = new LinkedHashMap<>(release("velero").values());
        velero.put("upgradeCRDs", "true");
        List<ChartImages.Use> uses = ChartImages.of(with(release("velero"), velero), config.eksVersion(), Files.createTempDirectory(dir, "w"));
        ChartImages.Use kubectl = uses.stream().filter(u -> u.image().contains("kubectl")).findFirst().orElseThrow();
        assertThat(kubectl.image()).isEqualTo("docker.io/bitnami/kubectl:" + config.eksVersion());
        assertThat(kubectl.object()).isEqualTo("Job/velero-upgrade-crds");
        assertThat(registries.check(kubectl.image()).answer()).isEqualTo(Registries.Answer.MISSING);
        Map<String, String> superset = new LinkedHashMap<>(release("superset").values());
        superset.remove("postgresql.image.repository");
        List<ChartImages.Use> s = ChartImages.of(with(release("superset"), superset), config.eksVersion(), Files.createTempDirectory(dir, "w"));
        assertThat(s.stream().map(ChartImages.Use::image).filter(i -> registries.check(i).answer() == Registries.Answer.MISSING))
                .containsExactly("docker.io/bitnami/postgresql:14.6.0-debian-11-r13");
    }

    @Test
    void aKeyTheRealChartDoesNotReadIsRefused() {
        Map<String, String> v = new LinkedHashMap<>(release("aws-load-balancer-controller").values());
        v.put("enableWafV2", "false"); // the real key is enableWafv2
        assertThatThrownBy(() -> ChartImages.of(with(release("aws-load-balancer-controller"), v), config.eksVersion(),
                Files.createTempDirectory(dir, "w"))).hasMessageContaining("enableWafV2");
    }

    @Test
    void platformPodsRunOnThePlatformGroupAndGpuPodsOnGpuNodes() throws Exception {
        for (Spec.HelmRelease h : releases()) {
            for (JsonNode doc : render(h)) {
                String kind = doc.path("kind").asString();
                if (!List.of("Deployment", "StatefulSet", "DaemonSet", "Job", "Pod").contains(kind)) continue;
                String name = kind + "/" + doc.path("metadata").path("name").asString();
                JsonNode pod = kind.equals("Pod") ? doc.path("spec") : doc.path("spec").path("template").path("spec");
                if (h.release().equals("airbyte") && (name.endsWith("-db") || name.endsWith("-minio"))) {
                    continue; // Airbyte 0.44.1's own database and MinIO take no placement values (README says so)
                }
                if (name.equals("DaemonSet/node-agent")) {
                    assertThat(pod.path("tolerations").toString()).as(name + " tolerates every taint").isEqualTo("[{\"operator\":\"Exists\"}]");
                } else if (h.release().equals("nvidia-device-plugin")) {
                    assertThat(pod.path("nodeSelector").path("katonic.ai/pool").asString()).as(name).isEqualTo("gpu");
                    assertThat(pod.path("tolerations").toString()).as(name).contains("\"key\":\"nvidia.com/gpu\"");
                    assertThat(pod.has("affinity")).as(name + ": the chart's NFD affinity is dropped").isFalse();
                } else {
                    assertThat(pod.path("nodeSelector").path("katonic.ai/pool").asString()).as(h.release() + " " + name).isEqualTo("platform");
                    if (!h.release().equals("tigera-operator")) {
                        assertThat(pod.path("tolerations").toString()).as(h.release() + " " + name)
                                .contains("\"key\":\"katonic.ai/pool\"", "\"value\":\"platform\"", "\"effect\":\"NoSchedule\"");
                    }
                }
            }
        }
        // Calico's own control plane, through the operator's Installation
        assertThat(release("tigera-operator").values()).containsEntry("installation.controlPlaneNodeSelector.katonic\\.ai/pool", "platform");
    }

    /** The release's manifests as Helm renders them (hooks included, they are plain objects in the stand-ins). */
    static List<JsonNode> render(Spec.HelmRelease h) throws Exception {
        Path work = Files.createTempDirectory(dir, "r");
        Path archive = ChartSource.fetch(h.repository(), h.chart(), h.version(), h.appVersion(), h.release(), work);
        TemplateCommand t = new Helm(archive).template().withName(h.release()).withNamespace(h.namespace());
        h.values().forEach(t::set);
        h.roleArns().keySet().forEach(k -> t.set(k, "arn:aws:iam::000000000000:role/test"));
        h.ids().keySet().forEach(k -> t.set(k, "test"));
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(t.call())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) out.add(n);
            }
        }
        return out;
    }
}
