package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ConfigLoader;
import ai.katonic.kpc.config.Diagnostic;
import ai.katonic.kpc.errors.KpcException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads the config for a command, printing every finding; errors end the command with exit 2. */
public final class Configs {
    private Configs() {}

    static ClusterConfig load(Path file, PrintWriter err) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(file);
        for (Diagnostic d : loaded.diagnostics().all()) err.println(d.render());
        err.flush();
        if (!loaded.ok()) {
            int n = loaded.diagnostics().errors().size();
            throw new KpcException.InvalidInput(file + ": " + n + " error" + (n == 1 ? "" : "s") + "; nothing was changed");
        }
        return loaded.config();
    }

    /**
     * For commands that never ask AWS (policy, rehearse's model): a config without eks_version gets the
     * newest version of kpc's dated calendar, which changes nothing they print but the autoscaler's chart.
     */
    public static ClusterConfig loadOffline(Path file, PrintWriter err) {
        ClusterConfig c = load(file, err);
        if (c.eksVersion() != null) return c;
        var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        return c.withEksVersion(ai.katonic.kpc.aws.eks.EksVersions.newest(ai.katonic.kpc.aws.eks.EksVersions.table(today)).version());
    }

    /** Unless --allow-open-ssh: a jump host open to the whole internet is refused, naming the file and field. */
    static void refuseOpenSsh(Path file, ClusterConfig c) {
        if (c.jumpHost().allowedCidrs().stream().anyMatch(cidr -> cidr.endsWith("/0"))) {
            throw new KpcException.InvalidInput(file + ": jump_host.allowed_cidrs opens SSH on the jump host to the "
                    + "whole internet; list your own networks, or pass --allow-open-ssh if that is really meant");
        }
    }
}
