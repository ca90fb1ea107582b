package ai.katonic.kpc.helm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.k8s.KubeKindFixture;
import ai.katonic.kpc.plan.Charts;
import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.sim.ChartMirror;
import ai.katonic.kpc.sim.SimulatedClusters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Helm release kind's step without the walk, moto or AWS: Helm itself (in-process) against one simulated
 * cluster's API server, the chart from the simulator's chart mirror (packaged by Helm, indexed with digests), as
 * {@code charts.repository} names it. Install, the release found again, an upgrade with other values, uninstall,
 * and uninstall of what is already gone.
 */
class HelmReleaseHandlerTest {
    private static final Charts.Pin PIN = Charts.SUPERSET;
    private final HelmReleaseHandler handler = new HelmReleaseHandler();

    @TempDir
    Path dir;

    KubeKindFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new KubeKindFixture(dir, Map.of(), SimulatedClusters.apiDispatcher("1.35", "us-east-1", "katonic-prod@test"));
        fixture.admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(PIN.namespace()).endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static Spec.HelmRelease spec(Map<String, String> values) {
        return new Spec.HelmRelease(new Ref(Ids.KUBERNETES_API), PIN.release(), PIN.namespace(), PIN.chart(), PIN.version(),
                ChartMirror.url(), PIN.appVersion(), values, Map.of(), Map.of());
    }

    private StepContext step(Spec.HelmRelease spec) {
        return fixture.step("helm-" + spec.release(), spec);
    }

    /** The values Helm rendered, as the stand-in chart writes them into a ConfigMap. */
    private JsonNode rendered() {
        ConfigMap cm = fixture.admin.configMaps().inNamespace(PIN.namespace()).withName(PIN.release() + "-values").get();
        assertThat(cm).as("the chart's ConfigMap of its values").isNotNull();
        return new ObjectMapper().readTree(cm.getData().get("values.json"));
    }

    @Test
    void aReleaseIsInstalledFoundAgainUpgradedInPlaceAndUninstalledOnce() {
        Spec.HelmRelease first = spec(Map.of("service.port", "8088"));
        assertThat(handler.observe(step(first), first)).as("nothing installed yet").isEmpty();

        Live made = handler.create(step(first), first);
        assertThat(made.awsId()).isEqualTo(PIN.release());
        assertThat(made.outputs()).containsEntry("namespace", PIN.namespace()).containsEntry("revision", "1")
                .containsEntry("app_version", PIN.appVersion()).containsEntry("chart", PIN.chart() + "-" + PIN.version());
        assertThat(rendered().at("/service/port").asString()).isEqualTo("8088");
        assertThat(fixture.said.toString()).contains("helm install " + PIN.release() + " " + PIN.chart() + " " + PIN.version());

        Optional<Live> found = handler.observe(step(first), first);
        assertThat(found).as("a deployed release of that name is found").isPresent();
        assertThat(found.get().outputs()).containsEntry("revision", "1");

        Spec.HelmRelease changed = spec(Map.of("service.port", "8089"));
        Live upgraded = handler.update(step(changed), changed, found.get());
        assertThat(upgraded.outputs()).containsEntry("revision", "2");
        assertThat(rendered().at("/service/port").asString()).isEqualTo("8089");

        handler.delete(step(changed), changed, upgraded);
        assertThat(handler.observe(step(changed), changed)).as("uninstalled").isEmpty();
        assertThat(fixture.admin.configMaps().inNamespace(PIN.namespace()).withName(PIN.release() + "-values").get()).isNull();
        handler.delete(step(changed), changed, upgraded); // gone already: success, as NotFound on delete is
    }
}
