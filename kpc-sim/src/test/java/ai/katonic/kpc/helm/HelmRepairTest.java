package ai.katonic.kpc.helm;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import ai.katonic.kpc.sim.SimulatedClusters;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * kpc killed (SIGKILL) while Helm installs, then upgrades, Superset: Helm's record of the release is left
 * pending-install, then pending-upgrade, which Helm refuses to go past ("another operation is in progress").
 * The next apply repairs it and finishes. The kill lands when Helm has written the pending revision and
 * its next request to the cluster is held back by the simulated API server.
 */
@EndToEnd
class HelmRepairTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @AfterEach
    void release() {
        SimulatedClusters.holdBack(r -> false);
    }

    @Test
    void aReleaseLeftPendingByAKilledRunIsRepairedByTheNextApply() throws Exception {
        String name = "repair";
        Path config = Moto.config(dir, name);

        // 1. killed during the install: pending-install
        killDuringSuperset(config);
        assertThat(superset(name).getStatus()).isEqualTo("pending-install");
        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes", "--skip-preflight");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("release superset was left pending-install by an interrupted run; uninstalling it to install again");
        assertThat(superset(name).getStatus()).isEqualTo("deployed");

        // 2. killed during an upgrade (charts from a copy of the mirror: every release is upgraded): pending-upgrade
        Path copy = Files.createDirectories(dir.resolve("mirror"));
        try (var files = Files.list(Path.of(java.net.URI.create(ai.katonic.kpc.sim.ChartMirror.url())))) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        Files.writeString(config, Files.readString(config).replace(ai.katonic.kpc.sim.ChartMirror.url(), copy.toUri().toString()));
        killDuringSuperset(config);
        Release left = superset(name);
        assertThat(left.getStatus()).isEqualTo("pending-upgrade");
        r = moto.kpc("apply", "-f", config.toString(), "--yes", "--skip-preflight");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("release superset revision " + left.getRevision() + " was left pending-upgrade by an interrupted run");
        Release now = superset(name);
        assertThat(now.getStatus()).isEqualTo("deployed");
        assertThat(Integer.parseInt(now.getRevision())).isGreaterThan(Integer.parseInt(left.getRevision()));
        assertThat(moto.kpc("apply", "-f", config.toString(), "--yes").out()).contains("No changes");

        // 3. a release installed again over the CRDs it left (Helm never deletes a chart's CRDs): the API server answers
        //    409 AlreadyExists for each, which is how Helm knows to skip them
        Helm.uninstall("velero").withNamespace("velero").withKubeConfigContents(kubeconfig(name)).call();
        r = moto.kpc("apply", "-f", config.toString(), "--yes", "--skip-preflight");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(Helm.list().withNamespace("velero").withKubeConfigContents(kubeconfig(name)).call())
                .anyMatch(x -> x.getName().equals("velero") && x.getStatus().equals("deployed"));
    }

    /** Runs `kpc apply` as its own JVM; once Helm has recorded a superset revision and asks the cluster for more, SIGKILL. */
    private void killDuringSuperset(Path config) throws Exception {
        AtomicBoolean helm = new AtomicBoolean();
        AtomicBoolean armed = new AtomicBoolean();
        AtomicBoolean reached = new AtomicBoolean();
        SimulatedClusters.holdBack(req -> {
            // Helm reads the release's history (its Secrets labelled owner=helm), then records the new revision
            if (req.startsWith("GET /api/v1/namespaces/superset/secrets") && req.contains("owner%3Dhelm")) {
                helm.set(true);
                return false;
            }
            if (helm.get() && req.startsWith("POST /api/v1/namespaces/superset/secrets")) {
                armed.set(true);
                return false;
            }
            if (armed.get() && req.contains("/namespaces/superset/") && !req.contains("/secrets")) {
                reached.set(true);
                return true;
            }
            return false;
        });
        Process p = ai.katonic.kpc.engine.KpcProcess.start(moto, "apply", "-f", config.toString(), "--yes", "--skip-preflight");
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!reached.get() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(reached.get()).as("Helm reached the held request: %s", lines).isTrue();
        p.destroyForcibly(); // SIGKILL: Helm's record stays as it is
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        SimulatedClusters.holdBack(r -> false);
        assertThat(p.exitValue()).as("killed, not finished: %s", lines).isEqualTo(137);
    }

    private String kubeconfig(String cluster) {
        EksClient eks = moto.client(EksClient.builder());
        Cluster c = eks.describeCluster(b -> b.name(cluster)).cluster();
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + c.endpoint()
                + "\n    certificate-authority-data: " + c.certificateAuthority().data() + "\nusers:\n- name: u\n  user:\n    token: test\n"
                + "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n";
    }

    private Release superset(String cluster) {
        return Helm.list().withNamespace("superset").all().withKubeConfigContents(kubeconfig(cluster)).call().stream()
                .filter(x -> x.getName().equals("superset")).max(java.util.Comparator.comparingInt(x -> Integer.parseInt(x.getRevision())))
                .orElseThrow();
    }
}
