package ai.katonic.kpc.k8s;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ConfigLoader;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.kinds.Catalog;
import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.runtime.Overrides;
import ai.katonic.kpc.state.State;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * One Kubernetes kind's step without the walk, moto or AWS: fabric8's API server mock in CRUD mode over HTTPS on
 * loopback (its certificate the cluster's CA, as EKS reports one), the example config (cluster katonic-prod), a
 * state whose {@code kubernetes-api} step reached it directly, and what the step said. {@link #admin} is another
 * party's client of the same API server (what someone else made, or what kpc made, seen from outside).
 */
public final class KubeKindFixture implements AutoCloseable {
    public final State state;
    public final StringWriter said = new StringWriter();
    public final KubernetesClient admin;
    private final KubernetesMockServer server;
    private final RunContext run;

    KubeKindFixture(Path dir) throws Exception {
        this(dir, Map.of());
    }

    /** {@code clients}: the SDK clients a kind also calls (Secrets Manager for the OIDC Secret), faked at their interface. */
    KubeKindFixture(Path dir, Map<Class<?>, Object> clients) throws Exception {
        this(dir, clients, new KubernetesCrudDispatcher());
    }

    /** {@code dispatcher}: what answers in the API server's place (a simulated cluster's, for Helm: discovery, protobuf). */
    public KubeKindFixture(Path dir, Map<Class<?>, Object> clients, io.fabric8.mockwebserver.http.Dispatcher dispatcher) throws Exception {
        MockWebServer web = new MockWebServer();
        server = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, true);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(web.getSelfSignedCertificate().certificatePath())));
        String yaml = Files.readString(Path.of("examples/kpc.yaml"));
        ClusterConfig config = ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "kpc.yaml", dir).config();
        state = new State(config.clusterName(), config.region());
        state.created(Ids.KUBERNETES_API, "k8s_api_access", "direct", Map.of("mode", "direct", "cluster", config.clusterName(),
                "endpoint", "https://localhost:" + web.getPort(), "certificate_authority", ca), Map.of());
        run = new RunContext(Catalog.KINDS, config, AwsClients.given(config.region(), clients), state, dir, dir,
                new Progress(new PrintWriter(said, true), false), Overrides.NONE.withTimeScale(new ai.katonic.kpc.runtime.TimeScale(0.0001)));
    }

    public StepContext step(String id, Spec spec) {
        return run.step(Resource.of(id, spec));
    }

    /** A Secret's values as the API server holds them (its data decoded; the mock may keep what was written as stringData). */
    static Map<String, String> values(io.fabric8.kubernetes.api.model.Secret s) {
        if (s.getData() == null || s.getData().isEmpty()) return s.getStringData();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return out;
    }

    @Override
    public void close() {
        run.close();
        admin.close();
        server.destroy();
    }
}
