package ai.katonic.kpc.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What image preflight undoes on an unpacked chart before rendering it, and how it reads image references. */
class ChartImagesTest {
    @TempDir
    Path dir;

    @Test
    void hooksBecomeObjectsTestHooksGoAndLookupsAnswerNothing() throws Exception {
        Path chart = Files.createDirectories(dir.resolve("c/templates/tests"));
        Files.writeString(dir.resolve("c/templates/job.yaml"), "kind: Job\nmetadata:\n  annotations:\n    \"helm.sh/hook\": pre-install\n"
                + "    \"helm.sh/hook-weight\": \"5\"\n    keep: me\n");
        Files.writeString(dir.resolve("c/templates/_helpers.tpl"), "{{- $secret := lookup \"v1\" \"Secret\" .Release.Namespace $name -}}\n"
                + "{{- $data := (lookup \"v1\" \"Secret\" $.context.Release.Namespace .secret).data }}\n");
        Files.writeString(chart.resolve("test-connection.yaml"), "kind: Pod\n");
        Files.writeString(dir.resolve("c/templates/hook-test.yaml"), "metadata:\n  annotations:\n    helm.sh/hook: test\n");
        ChartImages.unhook(dir.resolve("c"));
        assertThat(Files.readString(dir.resolve("c/templates/job.yaml"))).doesNotContain("helm.sh/hook").contains("keep: me");
        assertThat(Files.readString(dir.resolve("c/templates/_helpers.tpl")))
                .contains("{{- $secret := dict -}}").contains("{{- $data := (dict).data }}").doesNotContain("lookup");
        assertThat(chart.resolve("test-connection.yaml")).doesNotExist();
        assertThat(dir.resolve("c/templates/hook-test.yaml")).doesNotExist();
    }

    @Test
    void imagesAreReadFromEveryContainerListOfEveryObject() {
        String manifests = """
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      initContainers: [{name: init, image: "busybox:1.36"}]
                      containers:
                      - name: main
                        image: quay.io/tigera/operator:v1.34.0
                ---
                kind: ConfigMap
                metadata: {name: c}
                data: {image: "not-an-image"}
                """;
        assertThat(ChartImages.images("r", manifests)).extracting(ChartImages.Use::object, ChartImages.Use::image)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Deployment/web", "busybox:1.36"),
                        org.assertj.core.groups.Tuple.tuple("Deployment/web", "quay.io/tigera/operator:v1.34.0"));
    }

    @Test
    void referencesAreSplitAsARuntimeSplitsThem() {
        assertThat(Registries.Ref.parse("minio/minio").toString()).isEqualTo("docker.io/minio/minio:latest");
        assertThat(Registries.Ref.parse("busybox").toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(Registries.Ref.parse("registry.k8s.io/autoscaling/cluster-autoscaler:v1.35.0").repository())
                .isEqualTo("autoscaling/cluster-autoscaler");
        assertThat(Registries.Ref.parse("localhost:5000/a/b:1").registry()).isEqualTo("localhost:5000");
        assertThat(Registries.Ref.parse("nvcr.io/nvidia/k8s-device-plugin@sha256:abc").toString())
                .isEqualTo("nvcr.io/nvidia/k8s-device-plugin@sha256:abc");
    }
}
