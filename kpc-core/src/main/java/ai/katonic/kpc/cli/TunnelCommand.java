package ai.katonic.kpc.cli;

import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.k8s.JumpHostTunnel;
import ai.katonic.kpc.k8s.KubeApiHandler;
import ai.katonic.kpc.ops.Kubeconfig;
import ai.katonic.kpc.state.State;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.eks.model.Cluster;

@Command(name = "tunnel", mixinStandardHelpOptions = true,
        header = "Hold an SSH tunnel to the private API endpoint open through the jump host, for kubectl.",
        description = {"Hold an SSH tunnel to the private API endpoint open through the jump host, for kubectl:",
                "writes a kubeconfig (0600) whose proxy-url is the tunnel and prints the KUBECONFIG to use. TLS is",
                "verified against EKS's CA for the endpoint's own name; the jump host must present the host key kpc",
                "learned at apply. Runs until interrupted (Ctrl-C), or for --duration."})
final class TunnelCommand extends ClusterCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the kubeconfig (default: .kpc/<region>/<cluster_name>/kubeconfig-tunnel).")
    Path out;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Close the tunnel after this long (ISO-8601 or like 30s, 10m, 8h).")
    String duration;

    @Override
    public Integer call() throws Exception {
        Duration hold = duration == null ? null : Hold.parse("--duration", duration);
        PrintWriter o = out();
        try (Session s = session()) {
            if (!s.config.access().tunnel()) {
                throw new KpcException.InvalidInput("access.mode is direct in " + config.file + ": kubectl reaches the endpoint "
                        + "without a tunnel; use `kpc kubeconfig`");
            }
            State state = s.store.load();
            State.Entry api = state.get(Ids.KUBERNETES_API);
            Map<String, String> rec = api == null || api.outputs() == null ? Map.of() : api.outputs();
            if (!rec.containsKey("host_keys")) {
                throw new KpcException.OperationFailed("kpc has not learned the jump host's SSH host key yet; run `kpc apply` first");
            }
            Cluster c = Kubeconfig.cluster(s.aws, s.config.clusterName());
            String address = s.config.access().jumpHostAddress() != null ? s.config.access().jumpHostAddress()
                    : KubeApiHandler.address(rec, s.overrides);
            try (JumpHostTunnel t = KubeApiHandler.tunnel(rec, address)) {
                Path file = out != null ? out : s.store.localDir().resolve("kubeconfig-tunnel");
                Kubeconfig.write(file, Kubeconfig.document(c, s.config.clusterName(), s.aws.region(), root().profile, t.proxyUrl()));
                o.println("tunnel open: " + c.endpoint() + " through " + KubeApiHandler.USER + "@" + address + " (local proxy "
                        + t.proxyUrl() + ")");
                o.println("export KUBECONFIG=" + file.toAbsolutePath());
                o.println(hold == null ? "Ctrl-C closes it." : "closing in " + hold.toSeconds() + " s.");
                o.flush();
                Hold.untilInterrupted(hold);
            }
        }
        o.println("tunnel closed.");
        return 0;
    }
}
