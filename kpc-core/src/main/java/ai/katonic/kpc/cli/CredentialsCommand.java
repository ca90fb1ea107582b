package ai.katonic.kpc.cli;

import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.ops.AppSecrets;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where an app's sign-in lives: Superset's admin user, whose password kpc made at random and keeps only
 * in the cluster (the Secret superset/superset-kpc); printed only when asked, read through the same way
 * to the API as apply.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        header = "Show how to sign in to an app kpc installed (Superset's admin password with --show).",
        description = {"Superset: its admin user and where its password is (a Secret in the cluster, made at random by kpc);",
                "with --show, the password itself on standard output. Airbyte 0.40.32 has no login of its own: it is",
                "protected by the ALB (domain.allowed_cidrs, domain.oidc) or an internal load balancer."})
final class CredentialsCommand extends ClusterCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    OutputOption output;

    @Parameters(paramLabel = "APP", description = "superset or airbyte.")
    String app;

    @Option(names = "--show", description = "Print the password itself (read from the cluster).")
    boolean show;

    @Override
    public Integer call() {
        if (!app.equals("superset") && !app.equals("airbyte")) {
            throw new KpcException.InvalidInput("unknown app '" + app + "': kpc installs superset and airbyte");
        }
        PrintWriter out = out();
        try (Session s = session()) {
            boolean on = app.equals("superset") ? s.config.superset() : s.config.airbyte();
            if (!on) throw new KpcException.InvalidInput("apps." + app + " is false in " + config.file + ": kpc did not install " + app);
            Map<String, Object> m = AppSecrets.signIn(s.config, app);
            if (show && app.equals("superset")) {
                var run = s.run(s.store.load(), new ai.katonic.kpc.engine.Progress(err(), true));
                String password = AppSecrets.supersetPassword(run);
                if (!output.json()) {
                    // the password alone on stdout (for a pipe); what it is, on stderr
                    err().println("Superset admin password (user admin, " + m.get("url") + "):");
                    err().flush();
                    out.println(password);
                    return 0;
                }
                m.put("password", password);
            }
            print(out, m);
        }
        return 0;
    }

    private void print(PrintWriter out, Map<String, Object> m) {
        if (output.json()) {
            out.println(output.render(m));
            return;
        }
        m.forEach((k, v) -> out.println(k.replace('_', ' ') + ": " + v));
        if (m.containsKey("secret")) out.println("(or `kpc credentials superset --show`; change it in Superset after the first sign-in)");
    }
}
