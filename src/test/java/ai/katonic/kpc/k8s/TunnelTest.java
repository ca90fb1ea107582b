package ai.katonic.kpc.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import ai.katonic.kpc.sim.LatencyProfile;
import ai.katonic.kpc.sim.SimulatedJumpHost;
import ai.katonic.kpc.sim.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
        Files.writeString(config, Files.readString(config).replace("  mode: direct ", "  mode: tunnel "));
        Cli.Result r = kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("kubernetes-api").contains("SSH to " + sim.jumpHostAddress() + " works; host key SHA256:");
        JsonNode state = new ObjectMapper().readTree(dir.resolve(".kpc/us-east-1/tunnel/state.json").toFile());
        String pinned = state.findValue("kubernetes-api").findValue("host_keys").asText();
        String served = sim.proxy().find(SimulatedJumpHost.class).orElseThrow().hostKey();
        assertThat(pinned).isEqualTo(served.split(" ")[0] + " " + served.split(" ")[1]);
        assertThat(r.out()).contains("namespace-katonic").contains("created katonic");
    }

    @Test
    @Order(2)
    void kubectlUsersGetTheTunnelFromKpcTunnel() throws Exception {
        Path kubeconfig = dir.resolve(".kpc/us-east-1/tunnel/kubeconfig-tunnel");
        CompletableFuture<Cli.Result> held = CompletableFuture.supplyAsync(() -> kpc("tunnel", "-f", config.toString(), "--duration", "10s"));
        for (int i = 0; i < 100 && !Files.exists(kubeconfig) && !held.isDone(); i++) Thread.sleep(100);
        assertThat(kubeconfig).as(held.isDone() ? held.get().all() : "no kubeconfig yet").exists();

        JsonNode kc = new ObjectMapper(new YAMLFactory()).readTree(kubeconfig.toFile());
        JsonNode cluster = kc.get("clusters").get(0).get("cluster");
        String proxy = cluster.get("proxy-url").asText();
        assertThat(proxy).startsWith("http://127.0.0.1:");
        JsonNode token = new ObjectMapper().readTree(Cli.run("token", "--cluster", "tunnel", "--region", "us-east-1").out());
        Config cfg = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.get("server").asText())
                .withCaCertData(cluster.get("certificate-authority-data").asText()).withHttpsProxy(proxy)
                .withOauthToken(token.at("/status/token").asText()).withRequestTimeout(10_000).build();
        try (KubernetesClient k = new KubernetesClientBuilder().withConfig(cfg).build()) {
            assertThat(k.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                    .contains("katonic", "superset", "airbyte");
        }
        Cli.Result r = held.get(30, TimeUnit.SECONDS);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("tunnel open: " + cluster.get("server").asText()).contains("export KUBECONFIG=")
                .contains("tunnel closed.");
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
