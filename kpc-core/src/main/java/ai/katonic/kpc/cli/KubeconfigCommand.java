package ai.katonic.kpc.cli;

import ai.katonic.kpc.ops.Kubeconfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        header = "Write a kubeconfig for the cluster whose credential plugin is `kpc token`.",
        description = {"Write a kubeconfig (mode 0600) for the cluster: its endpoint and CA from EKS, and a user whose",
                "credential plugin is `kpc token`. The endpoint is private: use it from inside the VPC (the jump host)."})
final class KubeconfigCommand extends ClusterCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it (default: .kpc/<region>/<cluster_name>/kubeconfig beside the config).")
    Path out;

    @Override
    public Integer call() {
        try (Session s = session()) {
            String name = s.config.clusterName();
            Path file = out != null ? out : s.store.localDir().resolve("kubeconfig");
            Kubeconfig.write(file, Kubeconfig.document(Kubeconfig.cluster(s.aws, name), name, s.aws.region(), root().profile));
            out().println("wrote " + file + " (mode 0600)");
            out().println("export KUBECONFIG=" + file.toAbsolutePath());
        }
        return 0;
    }
}
