package ai.katonic.kpc.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ConfigLoader;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.kinds.Catalog;
import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.runtime.Overrides;
import ai.katonic.kpc.runtime.TimeScale;
import ai.katonic.kpc.sim.SimulatedJumpHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputRequest;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse;

/**
 * The {@code kubernetes-api} step without the walk, moto or AWS: the jump host's SSH is the simulator's
 * (Apache MINA on loopback), EC2's GetConsoleOutput is faked at the client's interface, the cluster's
 * endpoint and CA are what state recorded for it. Direct needs nothing; a tunnel learns the host key from the
 * console, or pins the one presented on first use, proves the way once, and refuses a host that is not the one
 * the console named.
 */
class KubeApiHandlerTest {
    private static final String INSTANCE = "i-0123456789abcdef0";
    private final KubeApiHandler handler = new KubeApiHandler();
    private final AtomicReference<String> console = new AtomicReference<>("");
    private final List<String> consoleAsked = new ArrayList<>();

    @TempDir
    Path dir;

    SimulatedJumpHost host;
    Path key;
    StringWriter said = new StringWriter();
    RunContext run;

    @BeforeEach
    void start() throws Exception {
        host = new SimulatedJumpHost();
        key = dir.resolve("jump.pem");
        var pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Ec2Client ec2 = new Ec2Client() {
            @Override
            public GetConsoleOutputResponse getConsoleOutput(GetConsoleOutputRequest r) {
                consoleAsked.add(r.instanceId());
                return GetConsoleOutputResponse.builder().instanceId(r.instanceId())
                        .output(Base64.getEncoder().encodeToString(console.get().getBytes(StandardCharsets.UTF_8))).build();
            }

            @Override
            public String serviceName() { return "ec2"; }

            @Override
            public void close() {}
        };
        ClusterConfig config = ConfigLoader.parse(Files.readAllBytes(Path.of("examples/kpc.yaml")), "kpc.yaml", dir).config();
        ai.katonic.kpc.state.State state = new ai.katonic.kpc.state.State(config.clusterName(), config.region());
        state.created(Ids.EKS_CLUSTER, "eks_cluster", config.clusterName(), Map.of("endpoint", "https://ABC.gr7.us-east-1.eks.amazonaws.com",
                "certificate_authority", "Q0E="), Map.of());
        state.created("jump-host", "ec2_instance", INSTANCE, Map.of("public_ip", "203.0.113.7"), Map.of());
        run = new RunContext(Catalog.KINDS, config, AwsClients.given(config.region(), Map.of(Ec2Client.class, ec2)), state, dir, dir,
                new Progress(new PrintWriter(said, true), false), Overrides.NONE.withTimeScale(new TimeScale(0.0001)));
    }

    @AfterEach
    void stop() {
        run.close();
        host.close();
    }

    private Spec.KubeApi tunnel() {
        return new Spec.KubeApi(new Ref(Ids.EKS_CLUSTER), new Ref("jump-host"), "tunnel", host.address(), key.toString());
    }

    private StepContext step(Spec spec) {
        return run.step(Resource.of(Ids.KUBERNETES_API, spec));
    }

    private static String cloudInit(String hostKey) {
        return "cloud-init: ...\n-----BEGIN SSH HOST KEY KEYS-----\nec2: " + hostKey + " root@ip-10-0-1-5\n-----END SSH HOST KEY KEYS-----\n";
    }

    @Test
    void directNeedsNothingButTheClustersEndpointAndCa() {
        Spec.KubeApi direct = new Spec.KubeApi(new Ref(Ids.EKS_CLUSTER), null, "direct", null, null);
        assertThat(handler.observe(step(direct), direct)).as("nothing recorded yet").isEmpty();
        Live live = handler.create(step(direct), direct);
        assertThat(live.outputs()).containsEntry("mode", "direct").containsEntry("endpoint", "https://ABC.gr7.us-east-1.eks.amazonaws.com")
                .containsEntry("certificate_authority", "Q0E=").doesNotContainKeys("host_keys", "address");
        assertThat(consoleAsked).isEmpty();
        assertThat(handler.actions(direct)).isEmpty();
    }

    @Test
    void aTunnelLearnsTheHostKeyFromTheConsoleProvesTheWayAndIsFoundAgainForTheSameJumpHost() {
        console.set(cloudInit(host.hostKey()));
        Spec.KubeApi spec = tunnel();
        Live live = handler.create(step(spec), spec);
        assertThat(consoleAsked).containsExactly(INSTANCE);
        assertThat(live.outputs()).containsEntry("mode", "tunnel").containsEntry("jump_host", INSTANCE)
                .containsEntry("address", host.address()).containsEntry("host_keys", host.hostKey());
        assertThat(said.toString()).contains("SSH to " + host.address() + " works");
        assertThat(handler.actions(spec)).containsExactly("ec2:GetConsoleOutput");

        run.state().created(Ids.KUBERNETES_API, "k8s_api_access", "tunnel", live.outputs(), Map.of());
        assertThat(handler.observe(step(spec), spec)).as("recorded for this jump host").get()
                .extracting(l -> l.outputs().get("host_keys")).isEqualTo(host.hostKey());
        run.state().created("jump-host", "ec2_instance", "i-0fedcba9876543210", Map.of(), Map.of());
        assertThat(handler.observe(step(spec), spec)).as("the jump host was replaced: its keys are learned again").isEmpty();
    }

    @Test
    void aConsoleWithoutKeysPinsTheKeyPresentedOnFirstUse() {
        console.set("cloud-init: still booting\n");
        Spec.KubeApi spec = tunnel();
        Live live = handler.create(step(spec), spec);
        assertThat(live.outputs()).containsEntry("host_keys", host.hostKey());
        assertThat(said.toString()).contains("shows no SSH host keys; pinning the key " + host.address() + " presents now");
        assertThat(consoleAsked.size()).as("asked again while the host boots, then pinned").isGreaterThan(1);
    }

    @Test
    void aHostThatPresentsAnotherKeyThanTheConsoleNamedIsRefused() throws Exception {
        try (SimulatedJumpHost other = new SimulatedJumpHost()) {
            console.set(cloudInit(other.hostKey()));
            Spec.KubeApi spec = tunnel();
            assertThatThrownBy(() -> handler.create(step(spec), spec)).hasMessageContaining(host.address())
                    .hasMessageNotContaining("PRIVATE KEY");
            assertThat(said.toString()).doesNotContain("works");
        }
    }
}
