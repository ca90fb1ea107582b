package ai.katonic.kpc.k8s;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.sim.SimulatedJumpHost;
import ai.katonic.kpc.sim.Simulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The private endpoint reached through the jump host, end to end on loopback: the simulated cloud
 * gives the cluster a Kubernetes API (fabric8's mock server, TLS) and the jump host an SSH server
 * (Apache MINA) whose host key its console output shows. kpc applies through the tunnel, pins that
 * key, `kpc tunnel` serves kubectl (here, a fabric8 client configured from the kubeconfig it
 * writes, TLS verified against EKS's CA), and a server presenting another key is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class TunnelTest {
    static Simulator sim;

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void start() {
        sim = Simulator.start(LatencyProfile.instant(), null, 5);
        System.setProperty("kpc.jumpHostAddress", sim.jumpHostAddress());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("kpc.jumpHostAddress");
        if (sim != null) sim.close();
    }

    static Cli.Result kpc(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--endpoint-url";
        all[1] = sim.endpoint();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    @Test
    @Order(1)
    void applyReachesThePrivateApiThroughTheJumpHostAndPinsItsKey() throws Exception {
        config = Moto.config(dir, "tunnel");
        String text = Files.readString(config);
        assertThat(text).contains("min_size: 0, desired_size: 0, max_size: 2, disk_size_gb: 200");
        // one GPU node, to see it advertise its GPU
        Files.writeString(config, text.replace("  mode: direct ", "  mode: tunnel ")
                .replace("min_size: 0, desired_size: 0, max_size: 2, disk_size_gb: 200", "min_size: 0, desired_size: 1, max_size: 2, disk_size_gb: 200"));
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("kubernetes-api").contains("SSH to " + sim.jumpHostAddress() + " works; host key SHA256:");
        JsonNode state = new ObjectMapper().readTree(dir.resolve(".kpc/us-east-1/tunnel/state.json").toFile());
        String pinned = state.findValue("kubernetes-api").findValue("host_keys").asString();
        String served = sim.proxy().find(SimulatedJumpHost.class).orElseThrow().hostKey();
        assertThat(pinned).isEqualTo(served.split(" ")[0] + " " + served.split(" ")[1]);
        assertThat(r.out()).contains("namespace-katonic").contains("created katonic");
    }

    @Test
    @Order(2)
    void kubectlUsersGetTheTunnelFromKpcTunnel() throws Exception {
        Path kubeconfig = dir.resolve(".kpc/us-east-1/tunnel/kubeconfig-tunnel");
        CompletableFuture<Cli.Result> held = CompletableFuture.supplyAsync(() -> kpc("tunnel", "-f", config.toString(), "--duration", "25s"));
        for (int i = 0; i < 100 && !Files.exists(kubeconfig) && !held.isDone(); i++) Thread.sleep(100);
        assertThat(kubeconfig).as(held.isDone() ? held.get().all() : "no kubeconfig yet").exists();

        JsonNode kc = new YAMLMapper().readTree(kubeconfig.toFile());
        JsonNode cluster = kc.get("clusters").get(0).get("cluster");
        String proxy = cluster.get("proxy-url").asString();
        assertThat(proxy).startsWith("http://127.0.0.1:");
        JsonNode token = new ObjectMapper().readTree(Cli.run("token", "--cluster", "tunnel", "--region", "us-east-1").out());
        Config cfg = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.get("server").asString())
                .withCaCertData(cluster.get("certificate-authority-data").asString()).withHttpsProxy(proxy)
                .withOauthToken(token.at("/status/token").asString()).withRequestTimeout(10_000).build();
        try (KubernetesClient k = new KubernetesClientBuilder().withConfig(cfg).build()) {
            assertThat(k.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .contains("katonic", "superset", "airbyte");
        }
        kubectl(kubeconfig, token.at("/status/token").asString());
        Cli.Result r = held.get(60, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("tunnel open: " + cluster.get("server").asString()).contains("export KUBECONFIG=")
                .contains("tunnel closed.");
    }

    /**
     * The real kubectl through the tunnel (the kubeconfig kpc tunnel wrote, with the token in place of the
     * `kpc token` plugin): short names, the built-in namespaces, the charts' workloads, and one Node per
     * node-group instance with the group's labels and taints, the GPU node advertising its GPU.
     */
    static void kubectl(Path kubeconfig, String token) throws Exception {
        Path kubectl = java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        JsonNode kc = new YAMLMapper().readTree(kubeconfig.toFile());
        ((tools.jackson.databind.node.ObjectNode) kc.get("users").get(0).get("user")).removeAll().put("token", token);
        Path withToken = dir.resolve("kubeconfig-kubectl");
        new YAMLMapper().writeValue(withToken.toFile(), kc);
        java.util.function.Function<String[], String> run = args -> {
            try {
                java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(kubectl.toString(), "--kubeconfig", withToken.toString(), "--request-timeout", "20s"));
                cmd.addAll(java.util.List.of(args));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(String.join(" ", args) + ":\n" + out).isZero();
                return out;
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(run.apply(new String[] {"get", "ns"})).contains("default", "kube-system", "katonic", "superset");
        assertThat(run.apply(new String[] {"get", "sc"})).contains("kfs", "kfs-shared");
        assertThat(run.apply(new String[] {"get", "deploy", "-A"})).contains("superset", "aws-load-balancer-controller");
        assertThat(run.apply(new String[] {"get", "svc", "-A"})).contains("superset");
        assertThat(run.apply(new String[] {"get", "sa", "-n", "kube-system"})).contains("aws-load-balancer-controller");
        assertThat(run.apply(new String[] {"get", "ds", "-n", "kube-system"})).contains("nvidia-device-plugin");
        JsonNode nodes = new ObjectMapper().readTree(run.apply(new String[] {"get", "nodes", "-o", "json"}));
        assertThat(nodes.path("items")).hasSize(6); // platform 2; compute, deployment, vectordb and gpu 1 each
        JsonNode gpu = null;
        for (JsonNode n : nodes.path("items")) if (n.at("/metadata/labels").path("katonic.ai/pool").asString().equals("gpu")) gpu = n;
        assertThat(gpu).as("a GPU node").isNotNull();
        assertThat(gpu.at("/status/capacity").path("nvidia.com/gpu").asString()).isEqualTo("1");
        assertThat(gpu.at("/spec/taints").toString()).contains("nvidia.com/gpu");
        assertThat(run.apply(new String[] {"get", "nodes", "-l", "katonic.ai/pool=platform", "-o", "name"}).lines().count()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void aNewJumpHostAddressInTheConfigIsTakenInPlace() throws Exception {
        String before = Files.readString(config);
        Files.writeString(config, before.replace("  mode: tunnel ", "  jump_host_address: " + sim.jumpHostAddress() + "\n  mode: tunnel "));
        try {
            Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.out()).contains("~ kubernetes-api").contains("1 updated");
        } finally {
            Files.writeString(config, before);
            assertThat(kpc("apply", "-f", config.toString(), "--yes").exit()).isZero();
        }
    }

    @Test
    @Order(4)
    void aJumpHostWithAnotherHostKeyIsRefused() {
        try (SimulatedJumpHost impostor = new SimulatedJumpHost()) {
            System.setProperty("kpc.jumpHostAddress", impostor.address());
            Cli.Result r = kpc("tunnel", "-f", config.toString(), "--duration", "1s");
            assertThat(r.exit()).as(r.all()).isEqualTo(1);
            assertThat(r.err()).contains("presented the SSH host key SHA256:").contains("not the one kpc expects")
                    .contains("refusing to connect").doesNotContain("Exception");
            Cli.Result status = kpc("status", "-f", config.toString());
            assertThat(status.exit()).isNotZero();
            assertThat(status.all()).contains("not the one kpc expects");
        } finally {
            System.setProperty("kpc.jumpHostAddress", sim.jumpHostAddress());
        }
    }

    @Test
    @Order(5)
    void destroyGoesThroughTheTunnelToo() {
        Cli.Result r = kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("namespace-katonic").contains("deleted katonic");
    }

    @Test
    void hostKeysAreReadFromCloudInitsConsoleBlock() {
        String console = "[   12.1] cloud-init[1234]: Cloud-init v. 22.2.2 finished\n"
                + "-----BEGIN SSH HOST KEY KEYS-----\n"
                + "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY= root@ip-10-0-2-5\n"
                + "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB root@ip-10-0-2-5\n"
                + "-----END SSH HOST KEY KEYS-----\n[   13.0] login: ";
        assertThat(KubeApiHandler.parse(console)).containsExactly(
                "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY=", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB");
        assertThat(KubeApiHandler.parse("no keys printed yet")).isEmpty();
        assertThat(KubeApiHandler.parse("ec2: -----BEGIN SSH HOST KEY KEYS-----\nec2: ssh-rsa AAAAB3NzaC1yc2E root@host\n"
                + "ec2: -----END SSH HOST KEY KEYS-----\n")).containsExactly("ssh-rsa AAAAB3NzaC1yc2E");
    }
}
